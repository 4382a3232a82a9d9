package io.latentlab.evaluator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.evaluator.report.PictureRef;
import io.latentlab.evaluator.report.JobRow;
import io.latentlab.evaluator.report.ReportRow;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.metrics.Metrics;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.ReducerResult;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.runtime.jobs.JobMetrics;
import io.latentlab.runtime.jobs.JobHandedBackException;
import io.latentlab.runtime.jobs.RetryPolicy;
import io.latentlab.runtime.jobs.RunFailures;
import io.latentlab.runtime.jobs.Transience;
import io.latentlab.runtime.messaging.ProgressPublisher;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.stream.Stream;

/**
 * Scores one trained classifier against the true labels and files the row under the run. A row lives
 * at a key named by its job, so a redelivered result rewrites the same row instead of adding one.
 */
@ApplicationScoped
public class EvaluationService {

    private final ArtifactStore store;
    private final DatasetStore datasets;
    private final ObjectMapper json;
    private final ProgressReporter progress;
    private final RunCompletion completion;
    private final JobMetrics metrics;
    private final RetryPolicy retry;
    private final RunFailures failures;

    public EvaluationService(ArtifactStore store, DatasetStore datasets, ObjectMapper json,
                             ProgressPublisher progress, RunCompletion completion, JobMetrics metrics,
                             RetryPolicy retry, RunFailures failures) {
        this.metrics = metrics;
        this.retry = retry;
        this.failures = failures;
        this.store = store;
        this.datasets = datasets;
        this.json = json;
        this.progress = progress.reporter();
        this.completion = completion;
    }

    /**
     * Files the row and completes the run when it was the last; transient failures are retried, and a
     * failure that persists fails the run (naming this evaluation) instead of dead-lettering the result.
     */
    public void evaluate(ClassifierResult result) {
        ClassifierJob job = result.getJob();
        String jobId = "eval-" + job.getJobId();
        boolean lastRow;
        try {
            JobRow row = retry.call(job.getRunId() + "/" + jobId, () -> fileRow(result));
            metrics.count("finished");
            progress.finished(job.getRunId(), jobId, "val %.4f test %.4f".formatted(row.valAccuracy(), row.testAccuracy()));
            lastRow = retry.call(job.getRunId() + "/rows", () -> completion.allRowsFiled(job.getRunId(), job.getClassifierJobs()));
        } catch (JobHandedBackException e) {
            throw e; // a shutdown or an outage past the retry window: the message runs again, the run does not fail
        } catch (RuntimeException e) {
            progress.failed(job.getRunId(), jobId, Transience.reason(e));
            metrics.count("failed");
            failures.fail(job.getRunId(), jobId, Transience.reason(e));
            return;
        }
        if (lastRow) {
            completion.complete(job.getRunId());
        }
    }

    private JobRow fileRow(ClassifierResult result) {
        ClassifierJob job = result.getJob();
        JobRow row = score(result);
        try {
            store.put(StoreKeys.runRow(job.getRunId(), job.getJobId()), json.writeValueAsBytes(row));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return row;
    }

    JobRow score(ClassifierResult result) {
        ClassifierJob job = result.getJob();
        int classes = job.getNumClasses();
        int[] valTruth = datasets.labels(job.getReducer().getCodes().getVal());
        int[] testTruth = datasets.labels(job.getReducer().getCodes().getTest());
        int[] valPredicted = Npy.readInts(store.get(result.getValPredictions()));
        int[] testPredicted = Npy.readInts(store.get(result.getTestPredictions()));
        ReducerResult reducer = job.getReducer();
        BitSet testCorrect = new BitSet(testTruth.length);
        for (int i = 0; i < testTruth.length; i++) {
            testCorrect.set(i, testTruth[i] == testPredicted[i]);
        }
        return new JobRow(
                job.getJobId(),
                reducer.getKind(),
                reducer.getK(),
                job.getArchitecture().getName(),
                reducer.getKind().equals("dae") ? reducer.getNoiseFactor() : null,
                job.getRepeat(),
                job.getSeed(),
                Metrics.accuracy(valTruth, valPredicted),
                Metrics.accuracy(testTruth, testPredicted),
                testTruth.length,
                JobRow.encode(testCorrect),
                reducer.hasReconMse() ? new ReportRow.Recon(reducer.getReconMse().getTrain(),
                        reducer.getReconMse().getVal(), reducer.getReconMse().getTest()) : null,
                reducer.hasReconMse() ? reducer.getExplainedVariance() : null,
                result.getEpochs(),
                result.getBestEpoch(),
                result.getTrainSeconds(),
                reducer.getTrainSeconds(),
                Metrics.confusion(valTruth, valPredicted, classes),
                Metrics.confusion(testTruth, testPredicted, classes),
                result.getTrainLossList().stream().mapToDouble(Double::doubleValue).toArray(),
                result.getValLossList().stream().mapToDouble(Double::doubleValue).toArray(),
                Stream.concat(reducer.getPicturesList().stream(), result.getPicturesList().stream())
                        .map(PictureRef::of).toList(),
                trainedHere(result.getTrainedByRun(), job.getRunId()) ? null : result.getTrainedByRun(),
                new JobRow.Artifacts(JobRow.Link.of(result.getModel()), JobRow.Link.of(result.getValPredictions()),
                        JobRow.Link.of(result.getTestPredictions()),
                        result.hasTestProbabilities() ? JobRow.Link.of(result.getTestProbabilities()) : null,
                        reducer.hasModel() ? JobRow.Link.of(reducer.getModel()) : null),
                result.hasEnvironment() ? JobRow.EnvironmentInfo.of(result.getEnvironment()) : null,
                reducer.hasEnvironment() ? JobRow.EnvironmentInfo.of(reducer.getEnvironment()) : null,
                trainedHere(result.getTrainedByRun(), job.getRunId()) ? JobRow.Span.of(job.getJobId(), result.getTiming()) : null,
                trainedHere(reducer.getTrainedByRun(), job.getRunId())
                        ? JobRow.Span.of(reducer.getJobId(), reducer.getTiming()) : null);
    }

    /** A job reused from another run's cache did not run in this one: it has no place on this run's timeline. */
    private static boolean trainedHere(String trainedByRun, String runId) {
        return trainedByRun.isEmpty() || trainedByRun.equals(runId);
    }
}
