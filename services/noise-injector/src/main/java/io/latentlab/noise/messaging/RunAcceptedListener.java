package io.latentlab.noise.messaging;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.noise.service.NoiseInjectionService;
import io.latentlab.proto.RunEvent;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.latentlab.runtime.messaging.Deliveries;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/** An accepted run's dataset is this stage's input; other run events pass by. */
@ApplicationScoped
public class RunAcceptedListener {

    private final NoiseInjectionService service;
    private final Deliveries deliveries;

    public RunAcceptedListener(NoiseInjectionService service, Deliveries deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    @Incoming(Channels.RUN_EVENTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking
    public CompletionStage<Void> onRunEvent(Message<byte[]> message) {
        return deliveries.handle(message, () -> {
            RunEvent event = EventCodec.decode(message.getPayload(), RunEvent.parser(), "run event");
            if (event.hasAccepted()) {
                service.inject(event.getRunId(), event.getAccepted());
            }
        });
    }
}
