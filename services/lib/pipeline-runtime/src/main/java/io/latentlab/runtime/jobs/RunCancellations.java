package io.latentlab.runtime.jobs;

import io.latentlab.kit.Topics;
import io.latentlab.kit.replay.TopicReplay;
import io.latentlab.proto.RunEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The runs a user has cancelled, followed from the run-events topic (from its beginning, without a
 * consumer group, so every instance of every stage sees every cancellation, also after a restart).
 */
@ApplicationScoped
public class RunCancellations {

    private static final Logger LOG = Logger.getLogger(RunCancellations.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Supplier<Consumer<String, byte[]>> consumers;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running = true;

    /** Quarkus's kafka.* client settings: in Kubernetes they carry the SASL/TLS credentials (docs/security.md). */
    @Inject
    public RunCancellations(@io.smallrye.common.annotation.Identifier("default-kafka-broker")
                            java.util.Map<String, Object> kafkaConfig,
                            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this(() -> TopicReplay.consumer(kafkaConfig, bootstrapServers));
    }

    RunCancellations(Supplier<Consumer<String, byte[]>> consumers) {
        this.consumers = consumers;
    }

    public boolean cancelled(String runId) {
        return cancelled.contains(runId);
    }

    void start(@Observes StartupEvent startup) {
        Thread follower = new Thread(this::follow, "run-cancellations");
        follower.setDaemon(true);
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** Follows the topic for the life of the service: a failure (the broker away) starts over from the beginning. */
    void follow() {
        while (running) {
            try (Consumer<String, byte[]> runEvents = consumers.get()) {
                consumer = runEvents;
                assignWhenTopicExists(runEvents);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : runEvents.poll(Duration.ofSeconds(1))) {
                        note(record.value());
                    }
                }
            } catch (WakeupException e) {
                return; // shutting down
            } catch (RuntimeException e) {
                LOG.warnf("following cancellations on %s failed (%s); starting over", Topics.RUN_EVENTS, e.getMessage());
                pause();
            }
        }
    }

    void stopFollowing() {
        stop(null);
    }

    private void assignWhenTopicExists(Consumer<String, byte[]> runEvents) {
        while (running) {
            if (!TopicReplay.assignFromBeginning(runEvents, Duration.ofSeconds(10), Topics.RUN_EVENTS).isEmpty()) {
                return;
            }
            pause();
        }
    }

    private void note(byte[] value) {
        try {
            RunEvent event = RunEvent.parseFrom(value);
            if (event.hasCancelled() && cancelled.add(event.getRunId())) {
                LOG.infof("run %s cancelled: %s", event.getRunId(), event.getCancelled().getReason());
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // not a run event: the consumers that own the topic dead-letter it
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
