package io.latentlab.reducer.messaging;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.ReducerJob;
import io.latentlab.reducer.service.ReducerTrainingService;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class ReducerJobListener {

    private final ReducerTrainingService service;

    public ReducerJobListener(ReducerTrainingService service) {
        this.service = service;
    }

    /** Jobs run concurrently on the "trainers" pool, one per core (see application.properties). */
    @Incoming(Channels.REDUCER_JOBS)
    @Blocking(value = "trainers", ordered = false)
    public void onJob(ConsumerRecord<String, byte[]> record) {
        service.run(EventCodec.decode(record.value(), ReducerJob.parser(), "reducer job"));
    }
}
