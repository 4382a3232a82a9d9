package io.latentlab.runtime.messaging;

import io.latentlab.runtime.jobs.JobHandedBackException;
import io.latentlab.runtime.jobs.Transience;
import io.latentlab.runtime.lifecycle.StageShutdown;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Settles each consumed message by what became of its work (listeners take {@code Message} and acknowledge by hand):
 * <ul>
 *   <li>done (or failed its run, which is done too): acknowledged, so its offset is committed;</li>
 *   <li>not a message this stage can process (malformed bytes, a bug outside the job runner): nacked, which sends it
 *       to the dead-letter topic and commits it;</li>
 *   <li>handed back while the process shuts down (SIGTERM): left unacknowledged, so its offset stays uncommitted and
 *       Kafka delivers it again, to another instance or to this one restarted;</li>
 *   <li>handed back while the process runs on (a lost lease, an outage past the retry window, a publish that Kafka
 *       did not take): run again here after {@code latentlab.hand-back.pause-seconds}, never dead-lettered.</li>
 * </ul>
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    private final StageShutdown shutdown;
    private final Duration pause;

    public Deliveries(StageShutdown shutdown,
                      @ConfigProperty(name = "latentlab.hand-back.pause-seconds", defaultValue = "15") long pauseSeconds) {
        this.shutdown = shutdown;
        this.pause = Duration.ofSeconds(pauseSeconds);
    }

    /** Runs {@code work} for {@code message} and settles it (see the class comment). */
    public CompletionStage<Void> handle(Message<?> message, Runnable work) {
        String what = describe(message);
        shutdown.started();
        try {
            while (true) {
                if (shutdown.draining()) {
                    LOG.infof("%s left uncommitted: shutting down", what);
                    return CompletableFuture.completedFuture(null);
                }
                try {
                    work.run();
                    return message.ack();
                } catch (Throwable failure) {
                    if (!(failure instanceof JobHandedBackException) && !Transience.isTransient(failure)
                            && !Transience.isInterrupt(failure)) {
                        return message.nack(failure);
                    }
                    if (shutdown.draining() || Transience.isInterrupt(failure)) {
                        LOG.infof("%s handed back, left uncommitted: %s", what, Transience.reason(failure));
                        return CompletableFuture.completedFuture(null);
                    }
                    LOG.warnf("%s handed back (%s); running it again in %d s", what, Transience.reason(failure),
                            pause.toSeconds());
                    if (!sleep()) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
            }
        } finally {
            shutdown.ended();
        }
    }

    /** The Kafka record behind a message; a message from elsewhere (a test) as a record of topic "message". */
    @SuppressWarnings("unchecked")
    public static ConsumerRecord<String, byte[]> record(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseGet(() -> new ConsumerRecord<>("message", 0, -1, null, message.getPayload()));
    }

    /** topic-partition@offset of a Kafka record (a stable id for its delivery), else "message". */
    public static String delivery(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("message");
    }

    private static String describe(Message<?> message) {
        return delivery(message);
    }

    private boolean sleep() {
        long end = System.nanoTime() + pause.toNanos();
        try {
            while (System.nanoTime() < end) {
                if (shutdown.draining()) {
                    return true; // the loop leaves it uncommitted
                }
                Thread.sleep(Math.min(500, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
