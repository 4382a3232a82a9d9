package io.latentlab.classifier.messaging;

import io.latentlab.classifier.service.ClassifierTrainingService;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.latentlab.runtime.messaging.Deliveries;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

@ApplicationScoped
public class ClassifierJobListener {

    private final ClassifierTrainingService service;
    private final Deliveries deliveries;

    public ClassifierJobListener(ClassifierTrainingService service, Deliveries deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    /** Jobs run concurrently on the "trainers" pool, one per core (see application.properties). */
    @Incoming(Channels.CLASSIFIER_JOBS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking(value = "trainers", ordered = false)
    public CompletionStage<Void> onJob(Message<byte[]> message) {
        return deliveries.handle(message, () ->
                service.run(EventCodec.decode(message.getPayload(), ClassifierJob.parser(), "classifier job")));
    }
}
