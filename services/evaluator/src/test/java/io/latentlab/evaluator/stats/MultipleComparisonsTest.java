package io.latentlab.evaluator.stats;

import io.latentlab.kit.plan.Correction;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * Holm and Benjamini–Hochberg against values computed by hand from R's definitions in p.adjust's source
 * (stats/R/p.adjust.R): holm = pmin(1, cummax((n - i + 1) * p[o]))[ro] over ascending p,
 * BH = pmin(1, cummin(n / i * p[o]))[ro] over descending p with i = n:1.
 */
class MultipleComparisonsTest {

    private static final double EXACT = 1e-12;

    @Test
    void fiveEquallySpacedPValues() {
        double[] p = {0.01, 0.02, 0.03, 0.04, 0.05};
        // Holm: 5 x 0.01 = 0.05, 4 x 0.02 = 0.08, 3 x 0.03 = 0.09, 2 x 0.04 = 0.08 -> cummax 0.09, 1 x 0.05 -> 0.09
        assertThat(MultipleComparisons.adjust(p, Correction.HOLM)).containsExactly(new double[]{0.05, 0.08, 0.09, 0.09, 0.09},
                offset(EXACT));
        // BH from the top: 5/5 x 0.05, 5/4 x 0.04, 5/3 x 0.03, 5/2 x 0.02, 5/1 x 0.01 are all 0.05
        assertThat(MultipleComparisons.adjust(p, Correction.BH)).containsExactly(new double[]{0.05, 0.05, 0.05, 0.05, 0.05},
                offset(EXACT));
    }

    @Test
    void unsortedWithTiesComesBackInTheGivenOrderAndTiesAdjustAlike() {
        double[] p = {0.04, 0.01, 0.04, 0.5, 0.001};
        // ascending 0.001, 0.01, 0.04, 0.04, 0.5. Holm: 5 x 0.001 = 0.005, 4 x 0.01 = 0.04, 3 x 0.04 = 0.12,
        // 2 x 0.04 = 0.08 -> cummax 0.12, 1 x 0.5 = 0.5
        assertThat(MultipleComparisons.adjust(p, Correction.HOLM)).containsExactly(new double[]{0.12, 0.04, 0.12, 0.5, 0.005},
                offset(EXACT));
        // BH from the top: 5/5 x 0.5 = 0.5, 5/4 x 0.04 = 0.05, 5/3 x 0.04 = 0.0667 -> cummin 0.05, 5/2 x 0.01 = 0.025,
        // 5/1 x 0.001 = 0.005
        assertThat(MultipleComparisons.adjust(p, Correction.BH)).containsExactly(new double[]{0.05, 0.025, 0.05, 0.5, 0.005},
                offset(EXACT));
    }

    @Test
    void adjustedValuesAreCappedAtOneAndPOfOneStaysOne() {
        double[] p = {0.3, 0.6, 1.0};
        // Holm: 3 x 0.3 = 0.9, 2 x 0.6 = 1.2 -> 1, 1 x 1 = 1. BH: 1, 3/2 x 0.6 = 0.9, 3 x 0.3 = 0.9 -> 0.9
        assertThat(MultipleComparisons.adjust(p, Correction.HOLM)).containsExactly(new double[]{0.9, 1.0, 1.0}, offset(EXACT));
        assertThat(MultipleComparisons.adjust(p, Correction.BH)).containsExactly(new double[]{0.9, 0.9, 1.0}, offset(EXACT));
    }

    @Test
    void aFamilyOfOneKeepsItsPAndAnEmptyFamilyIsEmpty() {
        assertThat(MultipleComparisons.adjust(new double[]{0.03}, Correction.HOLM)).containsExactly(0.03);
        assertThat(MultipleComparisons.adjust(new double[]{0.03}, Correction.BH)).containsExactly(0.03);
        assertThat(MultipleComparisons.adjust(new double[0], Correction.HOLM)).isEmpty();
    }

    @Test
    void adjustmentIsMonotoneNeverBelowTheRawPAndBhNeverAboveHolm() {
        Random random = new Random(27);
        for (int trial = 0; trial < 200; trial++) {
            double[] p = new double[1 + random.nextInt(30)];
            for (int i = 0; i < p.length; i++) {
                // some exact ties and some ones, as McNemar's test gives
                p[i] = random.nextInt(5) == 0 ? (random.nextBoolean() ? 1.0 : 0.03125) : random.nextDouble();
            }
            double[] holm = MultipleComparisons.adjust(p, Correction.HOLM);
            double[] bh = MultipleComparisons.adjust(p, Correction.BH);
            for (int i = 0; i < p.length; i++) {
                assertThat(holm[i]).isBetween(p[i], 1.0);
                assertThat(bh[i]).isBetween(p[i], holm[i]);
                for (int j = 0; j < p.length; j++) {
                    if (p[i] <= p[j]) {
                        assertThat(holm[i]).isLessThanOrEqualTo(holm[j]);
                        assertThat(bh[i]).isLessThanOrEqualTo(bh[j]);
                    }
                }
            }
        }
    }

    @Test
    void somethingThatIsNoPValueIsRefused() {
        assertThatThrownBy(() -> MultipleComparisons.adjust(new double[]{0.2, Double.NaN}, Correction.HOLM))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a p-value lies in [0, 1], got NaN");
        assertThatThrownBy(() -> MultipleComparisons.adjust(new double[]{1.5}, Correction.BH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
