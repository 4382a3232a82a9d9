package io.latentlab.evaluator.messaging;

import io.latentlab.evaluator.service.EvaluationService;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.Deliveries;
import io.latentlab.runtime.messaging.RecordAttempts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Each result is counted before it is evaluated ({@link RecordAttempts}): one that kills the evaluator is given up. */
@ApplicationScoped
public class ClassifierResultListener {

    private final EvaluationService service;
    private final RecordAttempts attempts;
    private final Deliveries deliveries;

    public ClassifierResultListener(EvaluationService service, RecordAttempts attempts, Deliveries deliveries) {
        this.service = service;
        this.attempts = attempts;
        this.deliveries = deliveries;
    }

    /** Ordered: one result at a time, so a run's completion is decided once per instance. */
    @Incoming(Channels.CLASSIFIER_RESULTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // settled by Deliveries: a hand-back stays uncommitted
    @Blocking
    public CompletionStage<Void> onResult(Message<byte[]> message) {
        ConsumerRecord<String, byte[]> record = Deliveries.record(message);
        return deliveries.handle(message, () -> attempts.process(record, ClassifierResultListener::owner,
                () -> service.evaluate(decode(record))));
    }

    private static ClassifierResult decode(ConsumerRecord<String, byte[]> record) {
        return EventCodec.decode(record.value(), ClassifierResult.parser(), "classifier result");
    }

    private static Optional<RecordAttempts.Owner> owner(ConsumerRecord<String, byte[]> record) {
        ClassifierResult result = decode(record);
        return Optional.of(new RecordAttempts.Owner(result.getJob().getRunId(), "eval-" + result.getJob().getJobId()));
    }
}
