package io.latentlab.dataprep.messaging;

import io.latentlab.dataprep.service.DataPrepService;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.latentlab.runtime.messaging.Deliveries;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/** Run requests arrive as bytes so that malformed ones reach the dead-letter topic instead of stopping the consumer. */
@ApplicationScoped
public class RunRequestListener {

    private final DataPrepService service;
    private final Deliveries deliveries;

    public RunRequestListener(DataPrepService service, Deliveries deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    @Incoming(Channels.RUN_REQUESTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking
    public CompletionStage<Void> onRequest(Message<byte[]> message) {
        return deliveries.handle(message, () -> service.handle(message.getPayload(), Deliveries.delivery(message)));
    }
}
