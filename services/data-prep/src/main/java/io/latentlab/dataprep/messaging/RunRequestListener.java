package io.latentlab.dataprep.messaging;

import io.latentlab.dataprep.service.DataPrepService;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.Deliveries;
import io.latentlab.runtime.messaging.RecordAttempts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Run requests arrive as bytes so that malformed ones reach the dead-letter topic instead of stopping the consumer.
 * Each is counted before it is handled ({@link RecordAttempts}): a request that killed data-prep three times fails
 * its run and goes to the dead letters instead of killing it a fourth time.
 */
@ApplicationScoped
public class RunRequestListener {

    private final DataPrepService service;
    private final RecordAttempts attempts;
    private final Deliveries deliveries;

    public RunRequestListener(DataPrepService service, RecordAttempts attempts, Deliveries deliveries) {
        this.service = service;
        this.attempts = attempts;
        this.deliveries = deliveries;
    }

    @Incoming(Channels.RUN_REQUESTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking
    public CompletionStage<Void> onRequest(Message<byte[]> message) {
        ConsumerRecord<String, byte[]> record = Deliveries.record(message);
        String delivery = Deliveries.delivery(message);
        return deliveries.handle(message, () -> attempts.process(record,
                given -> service.runIdOf(given.value(), delivery).map(runId -> new RecordAttempts.Owner(runId, DataPrepService.JOB_ID)),
                () -> service.handle(record.value(), delivery)));
    }
}
