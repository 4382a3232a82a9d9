package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.PairedDifference;

/**
 * One of the comparisons the study makes, a against b on the same test images: {@value #VS_PCA} (a
 * reducer's best configuration against PCA at the same k), {@value #VS_RAW} (against the best raw-pixel
 * classifier) or {@value #DAE_VS_AE1} (a denoising autoencoder against the one-hidden-layer autoencoder
 * at the same k). {@code result.difference} is a − b in test accuracy (a fraction). {@code pAdjusted} is the
 * test's p adjusted by {@code correction} ("holm" or "bh") over the verdict's family of comparisons, and
 * {@code result.significant} is judged on it; both are null for a comparison without a p-value (no spread
 * between seeds), which stays out of the family ({@link CorrectedFamily}). {@code discordant}: the test images one
 * of the two got right and the other wrong (null until drawn, {@link DiscordantImages}).
 */
public record Comparison(String kind, Side a, Side b, PairedDifference result, Double pAdjusted, String correction,
                         Discordant discordant) {

    /** The same comparison judged on its p adjusted by {@code correction}. */
    Comparison corrected(PairedDifference judged, double adjusted, String correctionName) {
        return new Comparison(kind, a, b, judged, adjusted, correctionName, discordant);
    }

    /** The same comparison with the test images behind its difference ({@link DiscordantImages}). */
    public Comparison withDiscordant(Discordant images) {
        return new Comparison(kind, a, b, result, pAdjusted, correction, images);
    }

    public static final String VS_PCA = "vs-pca";
    public static final String VS_RAW = "vs-raw";
    public static final String DAE_VS_AE1 = "dae-vs-ae1";

    /** Before the family's correction: judged on its own p. */
    static Comparison uncorrected(String kind, Side a, Side b, PairedDifference result) {
        return new Comparison(kind, a, b, result, null, null, null);
    }

    /** A configuration as a comparison names it. */
    public record Side(String family, String label, int k, String arch, String jobId, double testAccuracy) {

        static Side of(ReportRow row) {
            return new Side(ReportBuilder.family(row), ReportBuilder.label(row), row.k(), row.arch(), row.jobId(),
                    row.testAccuracy());
        }
    }
}
