package io.latentlab.evaluator.stats;

import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.StandardDeviation;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;
import org.apache.commons.statistics.interval.NormalConfidenceInterval;

import java.util.List;

/**
 * Means and 95 % intervals over seeds (Apache Commons Statistics). Over two or more seeds the interval is
 * Student's t: mean ± t(0.975, n − 1) · s / √n. One seed has no spread to measure, so an accuracy gets the
 * Wilson score interval of its correct/total on that seed's images (it covers the test-set sampling,
 * not the seed-to-seed variation), and any other quantity no interval.
 */
public final class Estimates {

    /** Two-sided error rate of every interval and test in the report: 95 % intervals, 5 % level. */
    public static final double ALPHA = 0.05;

    private Estimates() {
    }

    /** Mean, standard deviation and t interval of per-seed values; one value: no spread, no interval. */
    public static Estimate overSeeds(double[] values) {
        requireValues(values);
        double mean = Mean.of(values).getAsDouble();
        if (values.length == 1) {
            return new Estimate(1, mean, null, null, Estimate.NONE);
        }
        double variance = Variance.of(values).getAsDouble();
        Interval interval = NormalConfidenceInterval.MEAN.fromErrorRate(mean, variance, values.length, ALPHA);
        return new Estimate(values.length, mean, StandardDeviation.of(values).getAsDouble(),
                List.of(interval.getLowerBound(), interval.getUpperBound()), Estimate.T);
    }

    /**
     * An accuracy over seeds (t interval, cut to [0, 1]), or, for one seed, the Wilson interval of
     * {@code correct} out of {@code total} images.
     */
    public static Estimate accuracy(double[] perSeed, int correct, int total) {
        requireValues(perSeed);
        if (perSeed.length > 1) {
            return overSeeds(perSeed).clipped(0, 1);
        }
        Interval wilson = wilson(correct, total);
        return new Estimate(1, perSeed[0], null, List.of(wilson.getLowerBound(), wilson.getUpperBound()), Estimate.WILSON);
    }

    /** The Wilson score interval of a binomial proportion at the report's level. */
    public static Interval wilson(int successes, int trials) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials >= 1, got " + successes
                    + " of " + trials);
        }
        return BinomialConfidenceInterval.WILSON_SCORE.fromErrorRate(trials, successes, ALPHA);
    }

    private static void requireValues(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("an estimate needs at least one value");
        }
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("values must be finite, got " + value);
            }
        }
    }
}
