package io.latentlab.evaluator.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * report.json: the contract later tools read. {@code verdict} is the report's conclusion in sentences,
 * {@code rows} one per configuration over the run's seeds ({@link ReportRow}), {@code comparisons} the paired
 * tests behind the verdict, {@code charts} SVGs stored with the run, {@code predictions} every classifier
 * job's model and prediction files (.npy) by job id (a row's {@code perSeed[].jobId}), and
 * {@code provenance} the code version and the machines the trainings ran on.
 */
public record Report(
        String runId,
        String profile,
        List<String> verdict,
        JsonNode request,
        DatasetSummary dataset,
        Repeats repeats,
        List<ReportRow> rows,
        List<ReportRow> overall,
        List<Comparison> comparisons,
        List<ChartRef> charts,
        List<PictureRef> pictures,
        List<Predictions> predictions,
        Provenance provenance,
        String codeVersion,
        String startedAt,
        String finishedAt) {

    /**
     * The data the run drew from: the dataset's {@code name}, the names of the run's classes in class-index order
     * ({@code classNames[i]} names predicted class i), {@code sha256} of the run's split (the hash its job keys
     * derive from), {@code sourceSha256} of the dataset's files, and the split's sizes.
     */
    public record DatasetSummary(String name, List<String> classNames, String sha256, String sourceSha256,
                                 int train, int val, int test) {
    }

    /**
     * The run's seeds. Each repeat varies what {@code varies} says; the split is the run seed's unless
     * {@code resplitPerSeed}.
     */
    public record Repeats(int n, List<Long> seeds, boolean resplitPerSeed, String varies) {
    }

    /** A chart stored with the run (runs/&lt;runId&gt;/charts/&lt;name&gt;.svg). */
    public record ChartRef(String name, String caption, String key, String sha256) {
    }

    /**
     * One classifier job's stored outputs: model, predicted classes, test class probabilities (.npy), and the model of
     * the reducer it classifies the codes of (null for raw pixels).
     */
    public record Predictions(String jobId, int repeat, long seed, JobRow.Link model, JobRow.Link valPredictions,
                              JobRow.Link testPredictions, JobRow.Link testProbabilities, JobRow.Link reducerModel) {
    }

    /**
     * Where the numbers come from: the code version data-prep accepted the run with (git commit, "-dirty" for
     * uncommitted changes), the evaluator's, and every distinct training environment with the number of
     * trainings (reducer and classifier jobs) that ran on it.
     */
    public record Provenance(String codeVersion, String evaluatorCodeVersion, String commit,
                             List<Environment> environments) {
    }

    public record Environment(JobRow.EnvironmentInfo environment, int trainings) {
    }
}
