package io.latentlab.runtime.messaging;

import io.latentlab.kit.jobs.Hashing;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.runtime.jobs.RetryPolicy;
import io.latentlab.runtime.jobs.RunFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No crash loop from one record. Before a stage works on a record it counts the start in a small S3 object keyed by
 * stage, topic, partition and offset ({@code deliveries/<stage>/<topic>/<partition>/<offset>}); the object goes when
 * the work returns or throws, so only a process that died on the record (killed by {@code -XX:+ExitOnOutOfMemoryError}
 * or {@code kill -9} before any catch) leaves it behind. A record already started
 * {@code latentlab.poison.max-starts} times (default {@value #DEFAULT_MAX_STARTS}) is not worked on again: its run
 * fails with the reason and the record goes to the dead letters ({@link PoisonRecordException}, which the channel's
 * dead-letter-queue strategy publishes with the reason and commits). An {@link Error} the process survives
 * (a StackOverflowError, an OutOfMemoryError without the exit flag) does the same at once. The object also holds the
 * record's sha256, so a recreated topic's new record at an old offset starts from zero.
 */
@ApplicationScoped
public class RecordAttempts {

    public static final int DEFAULT_MAX_STARTS = 3;
    static final String PREFIX = "deliveries/";
    private static final Logger LOG = Logger.getLogger(RecordAttempts.class);
    private static final Pattern CONTENT = Pattern.compile("starts=(\\d{1,9}) sha256=([0-9a-f]{64})");

    /** The run (and job) a record belongs to, to fail it when the record is given up. */
    public record Owner(String runId, String jobId) {
    }

    private final ArtifactStore store;
    private final RunFailures failures;
    private final RetryPolicy retry;
    private final String stage;
    private final int maxStarts;

    @Inject
    public RecordAttempts(ArtifactStore store, RunFailures failures, RetryPolicy retry,
                          @ConfigProperty(name = "latentlab.stage") String stage,
                          @ConfigProperty(name = "latentlab.poison.max-starts", defaultValue = "" + DEFAULT_MAX_STARTS)
                          int maxStarts) {
        if (maxStarts < 1) {
            throw new IllegalArgumentException("latentlab.poison.max-starts must be at least 1, got " + maxStarts);
        }
        this.store = store;
        this.failures = failures;
        this.retry = retry;
        this.stage = stage;
        this.maxStarts = maxStarts;
    }

    /**
     * Runs {@code work} on the record unless this stage has already started it {@code maxStarts} times.
     *
     * @param owner the run the record belongs to, if it can tell (asked only when the record is given up; its own
     *              failures count as "no run")
     * @throws PoisonRecordException when the record is given up (its run failed): the dead letters take it
     */
    public void process(ConsumerRecord<String, byte[]> record, Function<ConsumerRecord<String, byte[]>, Optional<Owner>> owner,
                        Runnable work) {
        int starts = begin(record);
        if (starts > maxStarts) {
            // the count stays: should the dead letter not be committed, the redelivery is given up at once too
            String reason = ("%s was started %d times by %s and never finished (the process died on it each time, e.g. out"
                    + " of memory); it is given up instead of being processed again (latentlab.poison.max-starts=%d)")
                    .formatted(describe(record), starts - 1, stage, maxStarts);
            giveUp(record, owner, reason);
            throw new PoisonRecordException(reason);
        }
        try {
            work.run();
        } catch (Error e) {
            // the process survived it: no redelivery would do better, so the run fails now
            String reason = "%s made %s throw %s".formatted(describe(record), stage, e);
            LOG.error(reason, e);
            giveUp(record, owner, reason);
            throw new PoisonRecordException(reason, e);
        } finally {
            forget(record);
        }
    }

    /**
     * Counts one more start of the record and returns the count, this start included. A process that dies after
     * this and before the work ends leaves the count behind for its successor.
     */
    public int begin(ConsumerRecord<String, byte[]> record) {
        String key = key(record);
        String sha256 = Hashing.sha256Hex(record.value() == null ? new byte[0] : record.value());
        try {
            return retry.call("count a start of " + describe(record), () -> {
                int starts = previousStarts(key, sha256) + 1;
                store.put(key, "starts=%d sha256=%s".formatted(starts, sha256).getBytes(StandardCharsets.UTF_8));
                return starts;
            });
        } catch (RuntimeException e) {
            // the store is away for longer than the retry window: work without the count rather than drop the record
            LOG.warnf("cannot count a start of %s (%s): working on it uncounted", describe(record), e.getMessage());
            return 1;
        }
    }

    /** The object that counts a record's starts by this stage. */
    String key(ConsumerRecord<?, ?> record) {
        return PREFIX + stage + "/" + record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    /** "runId/jobId" or "runId" from the record's key, as {@link KeyedSender} keys the pipeline's records. */
    public static Optional<Owner> ownerFromKey(ConsumerRecord<String, byte[]> record, String defaultJobId) {
        String key = record.key();
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        int slash = key.indexOf('/');
        return Optional.of(slash < 0 ? new Owner(key, defaultJobId)
                : new Owner(key.substring(0, slash), key.substring(slash + 1)));
    }

    private int previousStarts(String key, String sha256) {
        return store.find(key).map(bytes -> {
            Matcher m = CONTENT.matcher(new String(bytes, StandardCharsets.UTF_8));
            // another record at this offset (the topic was recreated), or an unreadable object: no starts of this one
            return m.matches() && m.group(2).equals(sha256) ? Integer.parseInt(m.group(1)) : 0;
        }).orElse(0);
    }

    private void giveUp(ConsumerRecord<String, byte[]> record, Function<ConsumerRecord<String, byte[]>, Optional<Owner>> owner,
                        String reason) {
        Optional<Owner> run;
        try {
            run = owner.apply(record);
        } catch (RuntimeException | StackOverflowError e) {
            run = Optional.empty();
        }
        if (run.isEmpty()) {
            LOG.errorf("%s names no run to fail: %s", describe(record), reason);
            return;
        }
        try {
            failures.fail(run.get().runId(), run.get().jobId(), reason);
        } catch (RuntimeException e) {
            LOG.errorf("cannot fail run %s (%s): %s", run.get().runId(), e.getMessage(), reason);
        }
    }

    private void forget(ConsumerRecord<String, byte[]> record) {
        try {
            store.delete(key(record));
        } catch (RuntimeException e) {
            // left behind, the count only brings the give-up of a record that is processed again nearer
            LOG.warnf("cannot forget the starts of %s: %s", describe(record), e.getMessage());
        }
    }

    private static String describe(ConsumerRecord<?, ?> record) {
        return "record %s-%d@%d".formatted(record.topic(), record.partition(), record.offset());
    }
}
