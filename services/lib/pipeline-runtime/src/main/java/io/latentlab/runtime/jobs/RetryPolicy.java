package io.latentlab.runtime.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits out transient failures (see {@link Transience}) with exponential backoff for a bounded time
 * ({@code latentlab.retry.seconds}); a permanent failure, or one that outlasts the window, is thrown.
 * Retrying a whole job is cheap because trainings resume from their checkpoints.
 */
@ApplicationScoped
public class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private final Duration window;

    public RetryPolicy(@ConfigProperty(name = "latentlab.retry.seconds", defaultValue = "120") long windowSeconds) {
        this.window = Duration.ofSeconds(windowSeconds);
    }

    public Duration window() {
        return window;
    }

    /** Runs {@code work}, again after each transient failure until the window has passed. */
    public <T> T call(String what, Supplier<T> work) {
        long deadline = System.nanoTime() + window.toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!Transience.isTransient(e) || System.nanoTime() + backoff.toNanos() > deadline) {
                    throw e;
                }
                LOG.warnf("%s: %s; trying again in %d s", what, Transience.reason(e), backoff.toSeconds());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
