package io.latentlab.runtime.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Signs of life of the jobs this process is training: every minibatch poll, epoch and phase change beats. A job
 * silent for longer than {@code latentlab.jobs.max-silence-seconds} is hung (a native deadlock, a call that never
 * returns): its lease is no longer renewed, so another instance may take the job over, and the stage's liveness
 * check goes DOWN, so Kubernetes restarts the pod and Kafka redelivers the job. Without this a hung training would
 * renew its lease, and hold its run, forever.
 */
@ApplicationScoped
public class JobPulse {

    private final Duration maxSilence;
    private final LongSupplier nanoClock;
    private final Map<Beat, String> running = new ConcurrentHashMap<>();

    // two constructors (the second is the tests' clock): CDI must be told which one it calls
    @Inject
    public JobPulse(@ConfigProperty(name = "latentlab.jobs.max-silence-seconds", defaultValue = "900") long maxSilenceSeconds) {
        this(Duration.ofSeconds(maxSilenceSeconds), System::nanoTime);
    }

    JobPulse(Duration maxSilence, LongSupplier nanoClock) {
        this.maxSilence = maxSilence;
        this.nanoClock = nanoClock;
    }

    /** A job's pulse, beating from now until it is closed. */
    public Beat start(String job) {
        Beat beat = new Beat(job);
        running.put(beat, job);
        return beat;
    }

    /** The running jobs silent for longer than the limit, each with how long ("run-1/ae3-k64 silent for 1200 s"). */
    public List<String> hung() {
        return running.keySet().stream().filter(Beat::hung)
                .map(b -> b.job + " silent for " + Duration.ofNanos(nanoClock.getAsLong() - b.last).toSeconds() + " s")
                .sorted().toList();
    }

    public Duration maxSilence() {
        return maxSilence;
    }

    /** One job's signs of life. */
    public final class Beat implements AutoCloseable {
        private final String job;
        private volatile long last = nanoClock.getAsLong();

        private Beat(String job) {
            this.job = job;
        }

        public void beat() {
            last = nanoClock.getAsLong();
        }

        /** True when the job has shown no sign of life for longer than the limit. */
        public boolean hung() {
            return nanoClock.getAsLong() - last > maxSilence.toNanos();
        }

        @Override
        public void close() {
            running.remove(this);
        }
    }
}
