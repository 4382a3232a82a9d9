package io.latentlab.runtime.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A SIGTERM (rolling update, scale-down, drain, {@code ./latentlab down}) is a hand-back, not a failure: from the
 * moment Quarkus starts shutting down, this stage takes no new job, its trainings stop at their next minibatch
 * (finishing the epoch in flight when it ends within {@code latentlab.shutdown.finish-epoch-seconds}) and save a
 * checkpoint, their leases are released and their messages stay uncommitted, so Kafka hands the jobs to another
 * instance (or to this one restarted), which resumes them. The shutdown waits for that, at most
 * {@code latentlab.shutdown.seconds}, well inside Kubernetes' grace period ({@code terminationGracePeriodSeconds}).
 */
@ApplicationScoped
public class StageShutdown {

    private static final Logger LOG = Logger.getLogger(StageShutdown.class);

    private final AtomicBoolean draining = new AtomicBoolean();
    private final Duration deadline;
    private final Duration finishEpoch;
    private int inFlight;

    public StageShutdown(@ConfigProperty(name = "latentlab.shutdown.seconds", defaultValue = "20") long deadlineSeconds,
                         @ConfigProperty(name = "latentlab.shutdown.finish-epoch-seconds", defaultValue = "8")
                         long finishEpochSeconds) {
        this.deadline = Duration.ofSeconds(deadlineSeconds);
        this.finishEpoch = Duration.ofSeconds(finishEpochSeconds);
    }

    /** True once the process is shutting down: hand work back instead of starting or finishing it. */
    public boolean draining() {
        return draining.get();
    }

    /** How long a training asked to hand back may go on to finish its epoch in flight. */
    public Duration finishEpochBudget() {
        return finishEpoch;
    }

    /** The stage's own limit for handing everything back; every Deployment's grace period exceeds it. */
    public Duration deadline() {
        return deadline;
    }

    /** Marks a message's work as started; the shutdown waits until it has {@link #ended()}. */
    public synchronized void started() {
        inFlight++;
    }

    public synchronized void ended() {
        inFlight--;
        notifyAll();
    }

    // before SmallRye closes its consumers and producers (they go with the application context, after this event)
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drain();
    }

    /** Asks every job to hand back and waits until none runs, or the deadline passes. */
    public synchronized void drain() {
        draining.set(true);
        long end = System.nanoTime() + deadline.toNanos();
        if (inFlight > 0) {
            LOG.infof("shutting down: handing %d job(s) back (at most %d s)", inFlight, deadline.toSeconds());
        }
        try {
            while (inFlight > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("%d job(s) still running after %d s: their messages stay uncommitted", inFlight,
                            deadline.toSeconds());
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            LOG.info("every job handed back or finished");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
