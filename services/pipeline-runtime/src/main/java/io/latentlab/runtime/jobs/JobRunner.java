package io.latentlab.runtime.jobs;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.ml.train.NativeThreads;
import io.latentlab.runtime.messaging.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;

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

    public JobRunner(JobLedger ledger, ProgressPublisher progress) {
        this.ledger = ledger;
        this.progress = progress.reporter();
    }

    /**
     * @param rebind adapts a stored result to the job at hand (a cached result names the run that made it)
     * @param work   trains and stores the outputs; its result is recorded last
     */
    public <T extends Message> T runOnce(String runId, String jobId, String prefix, Parser<T> parser,
                                         UnaryOperator<T> rebind, Supplier<T> work) {
        var done = ledger.completed(prefix, parser);
        if (done.isPresent()) {
            progress.skipped(runId, jobId, "outputs exist at " + prefix);
            return rebind.apply(done.get());
        }
        try {
            // one native (OpenMP/BLAS) thread per training: the service runs one job per core instead
            NativeThreads.pinToOne();
            T result = work.get();
            ledger.complete(prefix, result);
            return result;
        } catch (RuntimeException e) {
            progress.failed(runId, jobId, String.valueOf(e.getMessage()));
            throw e;
        }
    }
}
