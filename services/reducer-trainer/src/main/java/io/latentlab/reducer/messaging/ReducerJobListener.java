package io.latentlab.reducer.messaging;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.ReducerJob;
import io.latentlab.reducer.service.ReducerTrainingService;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.latentlab.runtime.messaging.Deliveries;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

@ApplicationScoped
public class ReducerJobListener {

    private final ReducerTrainingService service;
    private final Deliveries deliveries;

    public ReducerJobListener(ReducerTrainingService service, Deliveries deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    /** Jobs run concurrently on the "trainers" pool, one per core (see application.properties). */
    @Incoming(Channels.REDUCER_JOBS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking(value = "trainers", ordered = false)
    public CompletionStage<Void> onJob(Message<byte[]> message) {
        return deliveries.handle(message, () ->
                service.run(EventCodec.decode(message.getPayload(), ReducerJob.parser(), "reducer job")));
    }
}
