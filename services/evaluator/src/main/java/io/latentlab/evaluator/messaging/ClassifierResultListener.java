package io.latentlab.evaluator.messaging;

import io.latentlab.evaluator.service.EvaluationService;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.runtime.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class ClassifierResultListener {

    private final EvaluationService service;

    public ClassifierResultListener(EvaluationService service) {
        this.service = service;
    }

    /** Ordered: one result at a time, so a run's completion is decided once per instance. */
    @Incoming(Channels.CLASSIFIER_RESULTS)
    @Blocking
    public void onResult(ConsumerRecord<String, byte[]> record) {
        service.evaluate(EventCodec.decode(record.value(), ClassifierResult.parser(), "classifier result"));
    }
}
