package io.latentlab.control.messaging;

import io.latentlab.proto.RunEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes what the REST API asks for, keyed by run id, and waits for the broker's ack. */
@ApplicationScoped
public class RunCommandPublisher {

    private final MutinyEmitter<byte[]> runRequests;
    private final MutinyEmitter<RunEvent> runEvents;

    public RunCommandPublisher(@Channel(ControlChannels.RUN_REQUESTS) MutinyEmitter<byte[]> runRequests,
                               @Channel(ControlChannels.RUN_EVENTS) MutinyEmitter<RunEvent> runEvents) {
        this.runRequests = runRequests;
        this.runEvents = runEvents;
    }

    public void publishRequest(String runId, byte[] json) {
        runRequests.sendMessageAndAwait(KafkaRecord.of(runId, json));
    }

    public void publishEvent(RunEvent event) {
        runEvents.sendMessageAndAwait(KafkaRecord.of(event.getRunId(), event));
    }
}
