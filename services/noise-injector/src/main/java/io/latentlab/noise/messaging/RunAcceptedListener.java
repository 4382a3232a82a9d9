package io.latentlab.noise.messaging;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.noise.service.NoiseInjectionService;
import io.latentlab.proto.RunEvent;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.Deliveries;
import io.latentlab.runtime.messaging.RecordAttempts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An accepted run's dataset is this stage's input; other run events pass by. An acceptance is counted before its
 * noisy copies are made ({@link RecordAttempts}): one that kills the stage again and again is given up.
 */
@ApplicationScoped
public class RunAcceptedListener {

    static final String JOB_ID = "noise-injector";

    private final NoiseInjectionService service;
    private final RecordAttempts attempts;
    private final Deliveries deliveries;

    public RunAcceptedListener(NoiseInjectionService service, RecordAttempts attempts, Deliveries deliveries) {
        this.service = service;
        this.attempts = attempts;
        this.deliveries = deliveries;
    }

    @Incoming(Channels.RUN_EVENTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking
    public CompletionStage<Void> onRunEvent(Message<byte[]> message) {
        return deliveries.handle(message, () -> {
            RunEvent event = EventCodec.decode(message.getPayload(), RunEvent.parser(), "run event");
            if (event.hasAccepted()) {
                attempts.process(Deliveries.record(message),
                        given -> Optional.of(new RecordAttempts.Owner(event.getRunId(), JOB_ID)),
                        () -> service.inject(event.getRunId(), event.getAccepted()));
            }
        });
    }
}
