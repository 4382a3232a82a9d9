package io.latentlab.runtime.jobs;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.ml.classify.EpochListener;
import io.latentlab.ml.classify.TrainingCancelledException;
import io.latentlab.ml.train.NativeThreads;
import io.latentlab.runtime.messaging.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs a job at most once per output prefix: an existing result is reused (reported as skipped), a
 * new one is recorded in the ledger, a failure is reported on the progress topic and rethrown.
 */
@ApplicationScoped
public class JobRunner {

    private final JobLedger ledger;
    private final ProgressReporter progress;
    private final RunCancellations cancellations;
    private final JobMetrics metrics;

    public JobRunner(JobLedger ledger, ProgressPublisher progress, RunCancellations cancellations, JobMetrics metrics) {
        this.ledger = ledger;
        this.progress = progress.reporter();
        this.cancellations = cancellations;
        this.metrics = metrics;
    }

    /** Reports each epoch on the progress topic and stops the training once its run is cancelled. */
    public EpochListener epochListener(String runId, String jobId) {
        return new EpochListener() {
            @Override
            public void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss) {
                progress.epoch(runId, jobId, epoch, maxEpochs, trainLoss, valLoss);
                metrics.epoch(runId, jobId, epoch, valLoss);
            }

            @Override
            public boolean cancelled() {
                return cancellations.cancelled(runId);
            }
        };
    }

    /**
     * @param rebind adapts a stored result to the job at hand (a cached result names the run that made it)
     * @param work   trains and stores the outputs; its result is recorded last
     * @return the result, or empty when the run is cancelled (before or during the job)
     */
    public <T extends Message> Optional<T> runOnce(String runId, String jobId, String prefix, Parser<T> parser,
                                                   UnaryOperator<T> rebind, Supplier<T> work) {
        if (cancellations.cancelled(runId)) {
            progress.skipped(runId, jobId, "run cancelled");
            metrics.count("cancelled");
            return Optional.empty();
        }
        var done = ledger.completed(prefix, parser);
        if (done.isPresent()) {
            progress.skipped(runId, jobId, "outputs exist at " + prefix);
            metrics.count("skipped");
            return Optional.of(rebind.apply(done.get()));
        }
        long start = System.nanoTime();
        metrics.started(runId, jobId);
        String outcome = "failed";
        try {
            // one native (OpenMP/BLAS) thread per training: the service runs one job per core instead
            NativeThreads.pinToOne();
            T result = work.get();
            ledger.complete(prefix, result);
            outcome = "finished";
            return Optional.of(result);
        } catch (TrainingCancelledException e) {
            progress.skipped(runId, jobId, "run cancelled at epoch " + e.epoch());
            outcome = "cancelled";
            return Optional.empty();
        } catch (RuntimeException e) {
            progress.failed(runId, jobId, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            metrics.ended(runId, jobId, outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
