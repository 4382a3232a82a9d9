package io.latentlab.evaluator.report;

import java.util.List;

/**
 * One classifier's line of the report: a reducer at one k, one architecture. Accuracies are fractions.
 * {@code cachedFrom} names the run whose job trained the classifier when this run reused it (else null).
 */
public record ReportRow(
        String jobId,
        String reducer,
        int k,
        String arch,
        Double noise,
        double valAccuracy,
        double testAccuracy,
        Recon reconMse,
        Double explainedVariance,
        int epochs,
        int bestEpoch,
        double trainSeconds,
        double reducerSeconds,
        int[][] confusionVal,
        int[][] confusionTest,
        double[] trainLoss,
        double[] valLoss,
        List<PictureRef> pictures,
        String cachedFrom) {

    public record Recon(double train, double val, double test) {
    }
}
