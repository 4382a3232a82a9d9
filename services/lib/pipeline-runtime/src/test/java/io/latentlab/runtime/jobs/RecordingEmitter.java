package io.latentlab.runtime.jobs;

import io.smallrye.reactive.messaging.MutinyEmitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A channel's emitter that keeps what is sent to it (sendMessageAndAwait / sendMessageAndForget). */
final class RecordingEmitter<T> {

    final List<T> sent = new CopyOnWriteArrayList<>();

    @SuppressWarnings("unchecked")
    MutinyEmitter<T> emitter() {
        return (MutinyEmitter<T>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MutinyEmitter.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendMessageAndAwait", "sendMessageAndForget" -> {
                        sent.add((T) ((Message<?>) args[0]).getPayload());
                        yield null;
                    }
                    case "hasRequests", "isCancelled" -> method.getName().equals("hasRequests");
                    case "toString" -> "RecordingEmitter";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
