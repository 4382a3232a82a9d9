package io.latentlab.evaluator.messaging;

import io.latentlab.evaluator.service.EvaluationService;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.latentlab.runtime.messaging.Deliveries;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

@ApplicationScoped
public class ClassifierResultListener {

    private final EvaluationService service;
    private final Deliveries deliveries;

    public ClassifierResultListener(EvaluationService service, Deliveries deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    /** Ordered: one result at a time, so a run's completion is decided once per instance. */
    @Incoming(Channels.CLASSIFIER_RESULTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking
    public CompletionStage<Void> onResult(Message<byte[]> message) {
        return deliveries.handle(message, () ->
                service.evaluate(EventCodec.decode(message.getPayload(), ClassifierResult.parser(), "classifier result")));
    }
}
