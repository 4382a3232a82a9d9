package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.Estimate;

import java.util.List;

/**
 * One configuration's line of the report: a reducer at one k, one architecture, over the run's seeds.
 * Accuracies are fractions. Over several seeds the numbers are means ({@code stats} has n, mean, standard
 * deviation and the 95 % interval; {@code perSeed} each seed's own), the confusion matrices are summed over
 * the seeds, and epochs, loss curves, pictures and {@code cachedFrom} are those of the first seed (the run's
 * seed). {@code cachedFrom} names the run whose job trained the classifier when this run reused it (else null).
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
        String cachedFrom,
        int n,
        Stats stats,
        List<SeedResult> perSeed) {

    public record Recon(double train, double val, double test) {
    }

    /** The row's estimates over seeds (reconMseTest is null for raw pixels). */
    public record Stats(Estimate testAccuracy, Estimate valAccuracy, Estimate reconMseTest) {
    }

    /** One seed's numbers of this configuration (the job {@code jobId} trained them). */
    public record SeedResult(int repeat, long seed, String jobId, double valAccuracy, double testAccuracy,
                             Double reconMseTest, int epochs) {
    }

    /** reducer|noise|k|arch. */
    public String configuration() {
        return ReportBuilder.configuration(reducer, noise, k, arch);
    }
}
