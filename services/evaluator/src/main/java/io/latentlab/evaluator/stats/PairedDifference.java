package io.latentlab.evaluator.stats;

import java.util.List;

/**
 * The difference a − b of two configurations' test accuracies (fractions) on the same test images, its
 * 95 % interval and the paired test behind it. {@code significant} holds only when the test rejects "no
 * difference" at the 5 % level <em>and</em> the interval excludes 0, so no sentence built on it claims a
 * difference its interval does not support. In a report the test's p is first adjusted over the verdict's family
 * of comparisons ({@link #judgedAt}, {@link MultipleComparisons}).
 *
 * @param test        "mcnemar-exact" (one seed) or "paired-t" (per-seed differences over n seeds)
 * @param n           seeds paired
 * @param statistic   t, or the images only a got right (McNemar); null when undefined
 * @param pValue      two-sided; null when the test is undefined (no spread in the differences)
 * @param onlyA       McNemar: test images a classified right and b wrong (null for the t-test)
 * @param onlyB       McNemar: images b got right and a wrong
 */
public record PairedDifference(String test, int n, double difference, List<Double> ci95, Double statistic,
                               Double pValue, Integer onlyA, Integer onlyB, boolean significant) {

    public static final String MCNEMAR = "mcnemar-exact";
    public static final String PAIRED_T = "paired-t";

    /** The same result with its interval cut to [lo, hi] (a difference of accuracies lies in [-1, 1]). */
    public PairedDifference clipped(double lo, double hi) {
        return new PairedDifference(test, n, difference, List.of(Math.max(lo, ci95.get(0)), Math.min(hi, ci95.get(1))),
                statistic, pValue, onlyA, onlyB, significant);
    }

    /**
     * The same result judged at {@code pAdjusted}, its p-value adjusted over the family of comparisons it belongs
     * to: significant only when the adjusted p is below 5 % and the interval excludes 0.
     */
    public PairedDifference judgedAt(double pAdjusted) {
        return new PairedDifference(test, n, difference, ci95, statistic, pValue, onlyA, onlyB,
                pAdjusted < Estimates.ALPHA && excludesZero());
    }

    public boolean excludesZero() {
        return ci95.get(0) > 0 || ci95.get(1) < 0;
    }

    public double halfWidth() {
        return (ci95.get(1) - ci95.get(0)) / 2;
    }
}
