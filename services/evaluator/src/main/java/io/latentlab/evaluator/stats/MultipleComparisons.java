package io.latentlab.evaluator.stats;

import io.latentlab.kit.plan.Correction;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for a family of tests, as R's {@code p.adjust} computes them (so they stay monotone in the
 * raw p-values and a family of one keeps its p):
 * <ul>
 *   <li>Holm: with p(1) ≤ … ≤ p(m), p̃(i) = min(1, max over j ≤ i of (m − j + 1)·p(j)) — controls the chance of
 *       any false rejection in the family (family-wise error rate) under any dependence between the tests;</li>
 *   <li>Benjamini–Hochberg: p̃(i) = min(1, min over j ≥ i of m/j·p(j)) — controls the expected share of false
 *       rejections among the rejections (false discovery rate) for independent or positively dependent tests.</li>
 * </ul>
 * Rejecting where p̃ < α is then Holm's step-down or BH's step-up procedure at level α. Tied p-values get the
 * same adjusted value.
 */
public final class MultipleComparisons {

    private MultipleComparisons() {
    }

    /** The adjusted p-values, in the order of {@code p}. */
    public static double[] adjust(double[] p, Correction correction) {
        for (double value : p) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("a p-value lies in [0, 1], got " + value);
            }
        }
        int m = p.length;
        // ascending p; ties keep their order (R's order() is stable too)
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] adjusted = new double[m];
        if (correction == Correction.HOLM) {
            double running = 0;
            for (int rank = 0; rank < m; rank++) {
                running = Math.max(running, (m - rank) * p[order[rank]]);
                adjusted[order[rank]] = Math.min(1, running);
            }
        } else {
            double running = 1;
            for (int rank = m - 1; rank >= 0; rank--) {
                running = Math.min(running, (double) m / (rank + 1) * p[order[rank]]);
                adjusted[order[rank]] = Math.min(1, running);
            }
        }
        return adjusted;
    }
}
