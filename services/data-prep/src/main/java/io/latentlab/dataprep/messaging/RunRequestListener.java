package io.latentlab.dataprep.messaging;

import io.latentlab.dataprep.service.DataPrepService;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Run requests arrive as bytes so that malformed ones reach the dead-letter topic instead of stopping the consumer. */
@ApplicationScoped
public class RunRequestListener {

    private final DataPrepService service;

    public RunRequestListener(DataPrepService service) {
        this.service = service;
    }

    @Incoming(Channels.RUN_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, byte[]> record) {
        service.handle(record.value(), record.topic() + "-" + record.partition() + "@" + record.offset());
    }
}
