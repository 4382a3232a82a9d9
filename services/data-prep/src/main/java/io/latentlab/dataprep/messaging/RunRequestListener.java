package io.latentlab.dataprep.messaging;

import io.latentlab.dataprep.service.DataPrepService;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.RecordAttempts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Run requests arrive as bytes so that malformed ones reach the dead-letter topic instead of stopping the consumer.
 * Each is counted before it is handled ({@link RecordAttempts}): a request that killed data-prep three times fails
 * its run and goes to the dead letters instead of killing it a fourth time.
 */
@ApplicationScoped
public class RunRequestListener {

    private final DataPrepService service;
    private final RecordAttempts attempts;

    public RunRequestListener(DataPrepService service, RecordAttempts attempts) {
        this.service = service;
        this.attempts = attempts;
    }

    @Incoming(Channels.RUN_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, byte[]> record) {
        String delivery = record.topic() + "-" + record.partition() + "@" + record.offset();
        attempts.process(record,
                given -> service.runIdOf(given.value(), delivery).map(runId -> new RecordAttempts.Owner(runId, DataPrepService.JOB_ID)),
                () -> service.handle(record.value(), delivery));
    }
}
