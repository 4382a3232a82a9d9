package io.latentlab.noise.messaging;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.noise.service.NoiseInjectionService;
import io.latentlab.proto.RunEvent;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.RecordAttempts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * An accepted run's dataset is this stage's input; other run events pass by. An acceptance is counted before its
 * noisy copies are made ({@link RecordAttempts}): one that kills the stage again and again is given up.
 */
@ApplicationScoped
public class RunAcceptedListener {

    static final String JOB_ID = "noise-injector";

    private final NoiseInjectionService service;
    private final RecordAttempts attempts;

    public RunAcceptedListener(NoiseInjectionService service, RecordAttempts attempts) {
        this.service = service;
        this.attempts = attempts;
    }

    @Incoming(Channels.RUN_EVENTS)
    @Blocking
    public void onRunEvent(ConsumerRecord<String, byte[]> record) {
        RunEvent event = EventCodec.decode(record.value(), RunEvent.parser(), "run event");
        if (event.hasAccepted()) {
            attempts.process(record, given -> Optional.of(new RecordAttempts.Owner(event.getRunId(), JOB_ID)),
                    () -> service.inject(event.getRunId(), event.getAccepted()));
        }
    }
}
