package io.latentlab.evaluator.stats;

import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.inference.BinomialTest;
import org.apache.commons.statistics.inference.TTest;
import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;
import org.apache.commons.statistics.interval.NormalConfidenceInterval;

import java.util.BitSet;
import java.util.List;

/**
 * Paired comparisons of two configurations on the same test images (Apache Commons Statistics).
 * <ul>
 *   <li>One seed: McNemar's exact test, the two-sided binomial test of the discordant images (b: a right and
 *       b wrong, c: the reverse) against 1/2. Its interval is the one that goes with it: conditional on the
 *       n = b + c discordant images, d = (b − c)/N = n(2π − 1)/N, so the Clopper-Pearson interval of
 *       π = b/n maps to [n(2π_lo − 1)/N, n(2π_hi − 1)/N]. It excludes 0 exactly when the exact test rejects,
 *       so a sentence and its interval never disagree (the Wald interval can exclude 0 while the exact test
 *       does not reject).</li>
 *   <li>Several seeds: Student's paired t-test on the per-seed differences, with their t interval.</li>
 * </ul>
 */
public final class PairedTests {

    private PairedTests() {
    }

    /**
     * @param aCorrect bit i set when configuration a classified test image i right
     * @param bCorrect the same images for configuration b
     * @param images   the number of test images
     */
    public static PairedDifference mcnemar(BitSet aCorrect, BitSet bCorrect, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("McNemar's test needs at least one image, got " + images);
        }
        if (aCorrect.length() > images || bCorrect.length() > images) {
            throw new IllegalArgumentException("more images marked correct than the " + images + " compared");
        }
        BitSet onlyA = (BitSet) aCorrect.clone();
        onlyA.andNot(bCorrect);
        BitSet onlyB = (BitSet) bCorrect.clone();
        onlyB.andNot(aCorrect);
        int b = onlyA.cardinality();
        int c = onlyB.cardinality();
        double d = (double) (b - c) / images;
        List<Double> ci = List.of(0.0, 0.0);
        if (b + c > 0) {
            Interval pi = BinomialConfidenceInterval.CLOPPER_PEARSON.fromErrorRate(b + c, b, Estimates.ALPHA);
            double scale = (double) (b + c) / images;
            ci = List.of(scale * (2 * pi.getLowerBound() - 1), scale * (2 * pi.getUpperBound() - 1));
        }
        double p = b + c == 0 ? 1.0 : BinomialTest.withDefaults().test(b + c, b, 0.5).getPValue();
        return new PairedDifference(PairedDifference.MCNEMAR, 1, d, ci, (double) b, p, b, c,
                significant(p, ci));
    }

    /** Paired t over seeds: a[i] and b[i] are the two configurations' accuracies with seed i. */
    public static PairedDifference pairedT(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("a paired t-test needs two equally long samples of at least 2, got "
                    + a.length + " and " + b.length);
        }
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = a[i] - b[i];
        }
        double mean = Mean.of(differences).getAsDouble();
        double variance = Variance.of(differences).getAsDouble();
        if (!(Math.sqrt(variance) > 1e-9 * Math.max(1, Math.abs(mean)))) {
            // every seed gave the same difference (up to rounding): no spread to test against, so no claim either way
            return new PairedDifference(PairedDifference.PAIRED_T, a.length, mean, List.of(mean, mean), null, null,
                    null, null, false);
        }
        TTest.Result result = TTest.withDefaults().pairedTest(a, b);
        Interval interval = NormalConfidenceInterval.MEAN.fromErrorRate(mean, variance, a.length, Estimates.ALPHA);
        List<Double> ci = List.of(interval.getLowerBound(), interval.getUpperBound());
        return new PairedDifference(PairedDifference.PAIRED_T, a.length, mean, ci, result.getStatistic(),
                result.getPValue(), null, null, significant(result.getPValue(), ci));
    }

    private static boolean significant(double p, List<Double> ci) {
        boolean excludesZero = ci.get(0) > 0 || ci.get(1) < 0;
        return p < Estimates.ALPHA && excludesZero;
    }
}
