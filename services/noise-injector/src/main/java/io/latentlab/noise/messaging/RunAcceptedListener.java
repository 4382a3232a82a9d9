package io.latentlab.noise.messaging;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.noise.service.NoiseInjectionService;
import io.latentlab.proto.RunEvent;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** An accepted run's dataset is this stage's input; other run events pass by. */
@ApplicationScoped
public class RunAcceptedListener {

    private final NoiseInjectionService service;

    public RunAcceptedListener(NoiseInjectionService service) {
        this.service = service;
    }

    @Incoming(Channels.RUN_EVENTS)
    @Blocking
    public void onRunEvent(ConsumerRecord<String, byte[]> record) {
        RunEvent event = EventCodec.decode(record.value(), RunEvent.parser(), "run event");
        if (event.hasAccepted()) {
            service.inject(event.getRunId(), event.getAccepted());
        }
    }
}
