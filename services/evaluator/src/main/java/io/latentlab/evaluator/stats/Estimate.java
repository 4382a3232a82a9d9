package io.latentlab.evaluator.stats;

import java.util.List;

/**
 * A quantity over a run's seeds: n, mean, sample standard deviation (null for one seed) and a 95 %
 * confidence interval (null when there is none to give). {@code method} names how the interval was made:
 * "t" (Student's t over the seeds), "wilson" (one seed: the binomial interval of the accuracy on its
 * test images) or "none".
 */
public record Estimate(int n, double mean, Double std, List<Double> ci95, String method) {

    public static final String T = "t";
    public static final String WILSON = "wilson";
    public static final String NONE = "none";

    /**
     * This estimate with its interval cut to [lo, hi], the values the quantity can take (an accuracy lies in
     * [0, 1], an MSE is not negative): a t-interval over few seeds can reach past them, the truncated one
     * covers at least as often.
     */
    public Estimate clipped(double lo, double hi) {
        return ci95 == null ? this : new Estimate(n, mean, std,
                List.of(Math.max(lo, ci95.get(0)), Math.min(hi, ci95.get(1))), method);
    }

    /** Half the interval's width, or null. */
    public Double halfWidth() {
        return ci95 == null ? null : (ci95.get(1) - ci95.get(0)) / 2;
    }
}
