package io.latentlab.runtime.jobs;

import io.latentlab.kit.store.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Waits out transient failures (see {@link Transience}) with exponential backoff (1 s doubling to 15 s). The window
 * ({@code latentlab.retry.seconds}) is per failure: it opens when a transient failure starts and closes again once
 * S3 answers a call, so a blip after a job has trained for an hour gets the whole window, as does the next one.
 * An outage that outlasts the window is not the job's fault either: the work is handed back
 * ({@link JobHandedBackException}; the job keeps its checkpoint and runs again later), never failed. A permanent
 * failure is thrown as it is. Waiting for a training slot or a lease is not retrying and does not count.
 */
@ApplicationScoped
public class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private final Duration window;
    private final LongSupplier successes;

    /** @param successes a count that grows whenever the outside answers (S3 calls that succeeded) */
    public RetryPolicy(long windowSeconds, LongSupplier successes) {
        this.window = Duration.ofSeconds(windowSeconds);
        this.successes = successes;
    }

    @Inject
    public RetryPolicy(@ConfigProperty(name = "latentlab.retry.seconds", defaultValue = "120") long windowSeconds,
                       ArtifactStore store) {
        this(windowSeconds, store::successfulCalls);
    }

    public Duration window() {
        return window;
    }

    /** A fresh window for one piece of work; see {@link Window#onFailure}. */
    public Window open() {
        return new Window();
    }

    /** Runs {@code work}, again after each transient failure while its window lasts; then hands the work back. */
    public <T> T call(String what, Supplier<T> work) {
        Window w = open();
        while (true) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                w.onFailure(what, e);
            }
        }
    }

    /** One piece of work's retries: the current failure streak and its backoff. */
    public final class Window {
        private long streakStart;
        private long successesAtLastFailure = -1;
        private Duration backoff = FIRST_BACKOFF;

        /**
         * Returns after the backoff when {@code failure} is transient and its window lasts; throws it when it is
         * permanent; throws {@link JobHandedBackException} when it is an interrupt or outlasted the window.
         */
        public void onFailure(String what, RuntimeException failure) {
            if (failure instanceof JobHandedBackException) {
                throw failure;
            }
            if (Transience.isInterrupt(failure)) {
                throw new JobHandedBackException(what + " interrupted: " + Transience.reason(failure), failure);
            }
            if (!Transience.isTransient(failure)) {
                throw failure;
            }
            long now = System.nanoTime();
            long answered = successes.getAsLong();
            if (successesAtLastFailure < 0 || answered > successesAtLastFailure) {
                // a new outage (or the first): the window starts now
                streakStart = now;
                backoff = FIRST_BACKOFF;
            }
            successesAtLastFailure = answered;
            if (now + backoff.toNanos() - streakStart > window.toNanos()) {
                throw new JobHandedBackException(what + ": still failing after the " + window.toSeconds()
                        + " s retry window (" + Transience.reason(failure) + "); handed back", failure);
            }
            LOG.warnf("%s: %s; trying again in %d s", what, Transience.reason(failure), backoff.toSeconds());
            sleep(what, backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static void sleep(String what, Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobHandedBackException(what + ": interrupted while waiting to retry", e);
        }
    }
}
