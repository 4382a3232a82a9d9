package io.latentlab.runtime.jobs;

import com.google.protobuf.Message;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.train.TrainingCancelledException;
import io.latentlab.ml.train.TrainingHandedBackException;
import io.latentlab.ml.train.Checkpoints;
import io.latentlab.proto.JobTiming;
import io.latentlab.runtime.lifecycle.StageShutdown;
import io.latentlab.runtime.messaging.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a job so that it produces its outputs once, whatever happens to the process running it:
 * <ul>
 *   <li>a stored result is reused (reported as skipped, naming the run that trained it);</li>
 *   <li>a fenced lease under the job's prefix ({@link JobLease}) lets one instance train it while a duplicate waits
 *       for the result; the result is written only while the lease is proven held, and only if none is stored
 *       (the first wins), so a stale holder cannot replace a newer holder's result or re-create its checkpoint;</li>
 *   <li>its training (the epochs, not the loading before and storing after) holds a {@link TrainingSlots} slot
 *       (one per core, shared by the trainers of one machine), the waiting job of the highest priority first;</li>
 *   <li>a training checkpoints under the prefix and a redelivered job resumes from the checkpoint;</li>
 *   <li>transient failures (S3 or Kafka away) are retried with a window per failure ({@link RetryPolicy});</li>
 *   <li>a shutdown (SIGTERM), a lost lease, an interrupt or an outage longer than the window hands the job back
 *       ({@link JobHandedBackException}): its checkpoint is saved, its lease released, its run not failed;</li>
 *   <li>any other failure (a checksum mismatch, a bug, an OutOfMemoryError) fails the job and its run
 *       with the reason, and the message is consumed: the run is retried as a whole, not the message.</li>
 * </ul>
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final Duration WAIT_POLL = Duration.ofSeconds(2);

    private final ArtifactStore store;
    private final JobLedger ledger;
    private final ProgressReporter progress;
    private final RunCancellations cancellations;
    private final RunFailures failures;
    private final RetryPolicy retry;
    private final JobMetrics metrics;
    private final TrainingSlots slots;
    private final StageShutdown shutdown;
    private final JobPulse pulse;
    private final String instanceId;
    private final Duration leaseTtl;
    private final Duration checkpointInterval;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService uploads = Executors.newSingleThreadExecutor(daemon("checkpoint-upload"));
    // one renewal loop per held lease: a renewal stuck in a slow S3 call must not delay another job's
    private final ExecutorService heartbeats = Executors.newCachedThreadPool(daemon("job-lease-heartbeat"));

    public JobRunner(ArtifactStore store, JobLedger ledger, ProgressPublisher progress, RunCancellations cancellations,
                     RunFailures failures, RetryPolicy retry, JobMetrics metrics, TrainingSlots slots,
                     StageShutdown shutdown, JobPulse pulse,
                     @ConfigProperty(name = "latentlab.instance-id") Optional<String> instanceId,
                     @ConfigProperty(name = "latentlab.lease.seconds", defaultValue = "30") long leaseSeconds,
                     @ConfigProperty(name = "latentlab.checkpoint.seconds", defaultValue = "20") long checkpointSeconds) {
        this.store = store;
        this.ledger = ledger;
        this.progress = progress.reporter();
        this.cancellations = cancellations;
        this.failures = failures;
        this.retry = retry;
        this.metrics = metrics;
        this.slots = slots;
        this.shutdown = shutdown;
        this.pulse = pulse;
        // in a container the pid is always 1, so a restarted container takes its own lease back at once
        this.instanceId = instanceId.orElseGet(() -> System.getenv().getOrDefault("HOSTNAME", "local") + "/"
                + ProcessHandle.current().pid());
        this.leaseTtl = Duration.ofSeconds(leaseSeconds);
        this.checkpointInterval = Duration.ofSeconds(checkpointSeconds);
    }

    /**
     * @param work trains and stores the outputs (given the listener to train with); its result is recorded last
     * @return the result, or empty when the run is cancelled or the job failed (the run is then failed)
     * @throws JobHandedBackException when the job was handed back: leave its message uncommitted or run it again
     */
    public <T extends Message> Optional<T> runOnce(JobSpec<T> job, Function<EpochListener, T> work) {
        if (cancellations.cancelled(job.runId())) {
            progress.skipped(job.runId(), job.jobId(), "run cancelled");
            metrics.count("cancelled");
            return Optional.empty();
        }
        String what = job.runId() + "/" + job.jobId();
        RetryPolicy.Window window = retry.open();
        while (true) {
            try {
                if (shutdown.draining()) {
                    throw new JobHandedBackException(what + ": shutting down, not started", null);
                }
                return attempt(job, work);
            } catch (TrainingCancelledException e) {
                progress.skipped(job.runId(), job.jobId(), "run cancelled at epoch " + e.epoch());
                return Optional.empty();
            } catch (JobHandedBackException e) {
                throw handedBack(what, e);
            } catch (Throwable e) { // an Error too: an OutOfMemoryError of JavaCPP must not leave the run waiting
                if (shutdown.draining() || Transience.isInterrupt(e)) {
                    throw handedBack(what, new JobHandedBackException(what + ": " + Transience.reason(e), e));
                }
                if (e instanceof RuntimeException transientFailure && Transience.isTransient(e)) {
                    try {
                        window.onFailure(what, transientFailure); // waits its backoff, or hands back past the window
                        continue;
                    } catch (JobHandedBackException handedBack) {
                        throw handedBack(what, handedBack);
                    }
                }
                String reason = Transience.reason(e);
                LOG.errorf(e, "%s %s failed", job.runId(), job.jobId());
                progress.failed(job.runId(), job.jobId(), reason);
                metrics.count("failed");
                failures.fail(job.runId(), job.jobId(), reason);
                return Optional.empty();
            }
        }
    }

    private JobHandedBackException handedBack(String what, JobHandedBackException e) {
        LOG.infof("%s handed back: %s", what, e.getMessage());
        metrics.count("handed-back");
        return e;
    }

    private <T extends Message> Optional<T> attempt(JobSpec<T> job, Function<EpochListener, T> work) {
        JobLease lease = new JobLease(store, job.prefix(), instanceId, leaseTtl, System::nanoTime);
        while (true) {
            Optional<T> cached = cached(job);
            if (cached.isPresent()) {
                return cached;
            }
            // one thread of this process per job; among processes the lease decides
            if (inFlight.add(job.prefix())) {
                Optional<T> outcome = acquireAndTrain(job, work, lease);
                if (outcome.isPresent()) {
                    return outcome;
                }
            }
            if (cancellations.cancelled(job.runId())) {
                throw new TrainingCancelledException(0);
            }
            if (shutdown.draining()) {
                throw new JobHandedBackException("shutting down while another instance holds " + lease.key(), null);
            }
            LOG.debugf("%s %s: another instance holds %s; waiting for its result", job.runId(), job.jobId(), lease.key());
            sleep(WAIT_POLL);
        }
    }

    /** Holding this process's claim on the job: trains if the lease is ours, else gives the claim back (empty). */
    private <T extends Message> Optional<T> acquireAndTrain(JobSpec<T> job, Function<EpochListener, T> work, JobLease lease) {
        boolean trained = false;
        try {
            if (!lease.tryAcquire()) {
                return Optional.empty();
            }
            Optional<T> finishedMeanwhile = cached(job); // by the instance that held the lease before
            if (finishedMeanwhile.isPresent()) {
                releaseQuietly(lease);
                return finishedMeanwhile;
            }
            trained = true;
            return train(job, work, lease);
        } finally {
            if (!trained) {
                inFlight.remove(job.prefix());
            }
        }
    }

    private <T extends Message> Optional<T> cached(JobSpec<T> job) {
        return ledger.completed(job.prefix(), job.parser()).map(done -> {
            String trainedBy = job.trainedBy().apply(done);
            progress.skipped(job.runId(), job.jobId(), trainedBy.isEmpty() || trainedBy.equals(job.runId())
                    ? "outputs exist at " + job.prefix() : "cached, trained by run " + trainedBy, trainedBy);
            metrics.count("skipped");
            return job.rebind().apply(done);
        });
    }

    /** Trains holding the lease; empty when the lease was lost to another instance (whose result then comes). */
    private <T extends Message> Optional<T> train(JobSpec<T> job, Function<EpochListener, T> work, JobLease lease) {
        JobPulse.Beat beat = pulse.start(job.runId() + "/" + job.jobId());
        Future<?> heartbeat = heartbeats.submit(() -> renewWhileHeld(lease, beat));
        S3Checkpoints checkpoints = new S3Checkpoints(store, job.prefix(), checkpointInterval, uploads, lease::renew);
        SlotUse slotUse = new SlotUse(job, beat);
        long start = System.nanoTime();
        metrics.started(job.runId(), job.jobId());
        String outcome = "failed";
        try {
            T result = job.timed().apply(work.apply(listener(job, checkpoints, slotUse, lease, beat)), slotUse.timing());
            beat.beat();
            // the fence: prove the lease is still ours, then store the result unless a newer holder stored one
            if (!lease.renew()) {
                outcome = "lease-lost";
                LOG.warnf("%s %s: lost %s before storing the result; the new holder's result counts",
                        job.runId(), job.jobId(), lease.key());
                return Optional.empty();
            }
            T stored = ledger.complete(job.prefix(), result, job.parser());
            outcome = "finished";
            checkpoints.delete();
            return Optional.of(stored == result ? result : job.rebind().apply(stored));
        } catch (TrainingCancelledException e) {
            outcome = "cancelled";
            throw e;
        } catch (TrainingHandedBackException e) {
            outcome = "handed-back";
            checkpoints.flush(shutdown.finishEpochBudget()); // the hand-back's checkpoint reaches S3 before the lease goes
            if (lease.lost() && !shutdown.draining()) {
                LOG.warnf("%s %s: lost %s at epoch %d; waiting for the new holder's result",
                        job.runId(), job.jobId(), lease.key(), e.epoch());
                return Optional.empty();
            }
            throw new JobHandedBackException(e.getMessage(), e);
        } finally {
            metrics.ended(job.runId(), job.jobId(), outcome, Duration.ofNanos(System.nanoTime() - start));
            heartbeat.cancel(true);
            beat.close();
            inFlight.remove(job.prefix());
            releaseQuietly(lease);
        }
    }
    /**
     * The job's training holds one of the machine's {@link TrainingSlots} while it runs, and only then: loading
     * its inputs before and storing its outputs after overlap other jobs' trainings. Records when it held the
     * slot (the run timeline); a job that trains nothing (raw pixels, a noise copy, a report) is timed whole.
     */
    private final class SlotUse {
        private final JobSpec<?> job;
        private final JobPulse.Beat beat;
        private final long jobStartedMs = System.currentTimeMillis();
        private long startedMs;
        private long finishedMs;
        private String worker = instanceId;

        SlotUse(JobSpec<?> job, JobPulse.Beat beat) {
            this.job = job;
            this.beat = beat;
        }

        <R> R whileTraining(Supplier<R> training) {
            TrainingSlots.Slot acquired;
            try {
                acquired = slots.acquire(job.priority(), () -> {
                    beat.beat(); // waiting for a slot is a sign of life, however long the queue
                    return cancellations.cancelled(job.runId()) || shutdown.draining();
                });
            } catch (TrainingCancelledException e) {
                if (shutdown.draining()) {
                    throw new TrainingHandedBackException(0, "shutting down while waiting for a training slot");
                }
                throw e;
            }
            try (TrainingSlots.Slot slot = acquired) {
                if (startedMs == 0) {
                    startedMs = System.currentTimeMillis();
                    worker = instanceId + "#" + slot.index();
                }
                try {
                    return training.get();
                } finally {
                    finishedMs = System.currentTimeMillis();
                }
            }
        }

        JobTiming timing() {
            boolean trained = startedMs != 0;
            return JobTiming.newBuilder().setStartedMs(trained ? startedMs : jobStartedMs)
                    .setFinishedMs(trained ? finishedMs : System.currentTimeMillis()).setWorker(worker).build();
        }
    }

    /**
     * Reports each epoch, stops the training once its run is cancelled, hands it back on shutdown or when the lease
     * is lost, checkpoints under the job's prefix.
     */
    private EpochListener listener(JobSpec<?> job, Checkpoints checkpoints, SlotUse slotUse, JobLease lease,
                                   JobPulse.Beat beat) {
        String runId = job.runId();
        String jobId = job.jobId();
        return new EpochListener() {
            @Override
            public void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss) {
                beat.beat();
                progress.epoch(runId, jobId, epoch, maxEpochs, trainLoss, valLoss);
                metrics.epoch(runId, jobId, epoch, valLoss);
            }

            @Override
            public boolean cancelled() {
                beat.beat(); // polled between minibatches: the training is alive
                return cancellations.cancelled(runId);
            }

            @Override
            public boolean handingBack() {
                return shutdown.draining() || lease.lost();
            }

            @Override
            public Duration handBackBudget() {
                // a lost lease has a new holder training already: stop at once
                return lease.lost() ? Duration.ZERO : shutdown.finishEpochBudget();
            }

            @Override
            public Checkpoints checkpoints() {
                return checkpoints;
            }

            @Override
            public void onResumed(int epoch) {
                LOG.infof("%s %s resumed at epoch %d from its checkpoint", runId, jobId, epoch);
                progress.resumed(runId, jobId, epoch);
            }

            @Override
            public <R> R whileTraining(Supplier<R> training) {
                beat.beat();
                return slotUse.whileTraining(training);
            }
        };
    }

    /**
     * Renews every third of the TTL until the lease is lost, the training ends (the future is cancelled) or the job
     * hangs: a job silent for longer than {@link JobPulse#maxSilence()} lets its lease lapse.
     */
    private void renewWhileHeld(JobLease lease, JobPulse.Beat beat) {
        long period = Math.max(1, leaseTtl.toMillis() / 3);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(period);
                if (beat.hung()) {
                    LOG.errorf("%s: no sign of life from its job for over %d s: the lease is not renewed (another "
                            + "instance may take the job over) and liveness is DOWN", lease.key(),
                            pulse.maxSilence().toSeconds());
                    return;
                }
                if (!lease.renew()) {
                    LOG.warnf("lost %s: another instance holds it or it was not renewed within %d s; the training "
                            + "stops at its next minibatch", lease.key(), leaseTtl.toSeconds());
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // S3 away: the next beat tries again, and the lease counts as lost once a TTL passes without one
                LOG.warnf("could not renew %s: %s", lease.key(), e.getMessage());
            }
        }
    }

    private static void releaseQuietly(JobLease lease) {
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warnf("could not release %s (it runs out by itself): %s", lease.key(), e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobHandedBackException("interrupted while waiting for another instance's result", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
