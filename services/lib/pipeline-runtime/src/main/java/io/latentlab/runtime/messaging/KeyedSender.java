package io.latentlab.runtime.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Sends a record with a key and waits for the broker's ack, so that the incoming record is acked
 * only after everything it caused is published (at-least-once end to end).
 */
public final class KeyedSender {

    private KeyedSender() {
    }

    public static <T> void sendAndAwait(MutinyEmitter<T> emitter, String key, T value) {
        emitter.sendMessageAndAwait(KafkaRecord.of(key, value));
    }
}
