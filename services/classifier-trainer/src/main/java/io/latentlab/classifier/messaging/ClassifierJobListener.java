package io.latentlab.classifier.messaging;

import io.latentlab.classifier.service.ClassifierTrainingService;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class ClassifierJobListener {

    private final ClassifierTrainingService service;

    public ClassifierJobListener(ClassifierTrainingService service) {
        this.service = service;
    }

    /** Jobs run concurrently on the "trainers" pool, one per core (see application.properties). */
    @Incoming(Channels.CLASSIFIER_JOBS)
    @Blocking(value = "trainers", ordered = false)
    public void onJob(ConsumerRecord<String, byte[]> record) {
        service.run(EventCodec.decode(record.value(), ClassifierJob.parser(), "classifier job"));
    }
}
