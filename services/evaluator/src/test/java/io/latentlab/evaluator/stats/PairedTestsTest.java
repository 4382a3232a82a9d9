package io.latentlab.evaluator.stats;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Paired tests against published or hand-computed values (the sources are quoted at each value). */
class PairedTestsTest {

    /** Student's sleep data, R's datasets::sleep, extra hours of sleep per patient with drug 1 and drug 2. */
    private static final double[] DRUG_1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    private static final double[] DRUG_2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    @Test
    void pairedTMatchesRsSleepExample() {
        // R: t.test(extra ~ group, data = sleep, paired = TRUE)
        //   t = -4.0621, df = 9, p-value = 0.002833
        //   95 percent confidence interval: -2.4598858 -0.7001142; mean difference -1.58
        PairedDifference result = PairedTests.pairedT(DRUG_1, DRUG_2);

        assertThat(result.test()).isEqualTo(PairedDifference.PAIRED_T);
        assertThat(result.n()).isEqualTo(10);
        assertThat(result.difference()).isCloseTo(-1.58, within(1e-12));
        assertThat(result.statistic()).isCloseTo(-4.0621, within(5e-5));
        assertThat(result.pValue()).isCloseTo(0.002833, within(5e-7));
        assertThat(result.ci95().get(0)).isCloseTo(-2.4598858, within(1e-7));
        assertThat(result.ci95().get(1)).isCloseTo(-0.7001142, within(1e-7));
        assertThat(result.significant()).isTrue();
    }

    @Test
    void pairedTWithinNoiseIsNotSignificant() {
        // differences 0.002, -0.001, 0.004: mean 0.001667, s = 0.002517, t = 1.147, df 2 -> p = 0.370 (t table: |t| < 4.303)
        PairedDifference result = PairedTests.pairedT(new double[]{0.952, 0.949, 0.954}, new double[]{0.950, 0.950, 0.950});
        assertThat(result.statistic()).isCloseTo(1.1471, within(5e-4));
        assertThat(result.pValue()).isBetween(0.3, 0.45);
        assertThat(result.ci95().get(0)).isNegative();
        assertThat(result.significant()).isFalse();
    }

    @Test
    void pairedTWithoutSpreadClaimsNothing() {
        // 202/250 - 200/250 and 204/250 - 202/250 differ in the last bits of a double
        // (0.008000000000000007 and 0.007999999999999896): still no spread
        assertThat(PairedTests.pairedT(new double[]{0.808, 0.816}, new double[]{0.8, 0.808}).pValue()).isNull();
        PairedDifference result = PairedTests.pairedT(new double[]{0.96, 0.97}, new double[]{0.95, 0.96});
        assertThat(result.difference()).isCloseTo(0.01, within(1e-12));
        assertThat(result.pValue()).isNull();
        assertThat(result.significant()).isFalse();
    }

    @Test
    void mcnemarExactMatchesTheBinomialTail() {
        // 100 images: 12 only a got right, 3 only b got right, 70 both, 15 neither.
        // exact two-sided p = 2 * P(X <= 3 | n = 15, 1/2) = 2 * (1 + 15 + 105 + 455) / 2^15 = 0.03515625
        // difference d = (12 - 3) / 100 = 0.09. Interval: Clopper-Pearson for 12 of the 15 discordant images,
        // computed independently in Python by bisection on the binomial tails (P(X >= 12 | 15, lo) = 0.025,
        // P(X <= 12 | 15, hi) = 0.025): 0.5191089 .. 0.9566880, mapped to 15/100 * (2 pi - 1): 0.0057327 .. 0.1370064
        BitSet a = new BitSet();
        BitSet b = new BitSet();
        a.set(0, 82);       // images 0-69 both right, 70-81 only a
        b.set(0, 70);
        b.set(82, 85);      // 82-84 only b; 85-99 neither
        PairedDifference result = PairedTests.mcnemar(a, b, 100);

        assertThat(result.test()).isEqualTo(PairedDifference.MCNEMAR);
        assertThat(result.onlyA()).isEqualTo(12);
        assertThat(result.onlyB()).isEqualTo(3);
        assertThat(result.pValue()).isCloseTo(0.03515625, within(1e-12));
        assertThat(result.difference()).isCloseTo(0.09, within(1e-12));
        assertThat(result.ci95().get(0)).isCloseTo(0.0057327, within(1e-7));
        assertThat(result.ci95().get(1)).isCloseTo(0.1370064, within(1e-7));
        assertThat(result.significant()).isTrue();
    }

    @Test
    void mcnemarWithBalancedDisagreementsIsWithinNoise() {
        BitSet a = new BitSet();
        BitSet b = new BitSet();
        a.set(0, 5);
        b.set(5, 10);
        PairedDifference result = PairedTests.mcnemar(a, b, 50);
        // 5 vs 5 discordant: p = 1 exactly
        assertThat(result.pValue()).isCloseTo(1.0, within(1e-12));
        assertThat(result.difference()).isZero();
        // Clopper-Pearson 5 of 10: 0.1870860 .. 0.8129140 (same Python bisection) -> 10/50 * (2 pi - 1) = -/+0.1251656
        assertThat(result.ci95().get(0)).isCloseTo(-0.1251656, within(1e-7));
        assertThat(result.ci95().get(1)).isCloseTo(0.1251656, within(1e-7));
        assertThat(result.significant()).isFalse();
        // no discordant image at all: p = 1, interval [0, 0]
        PairedDifference same = PairedTests.mcnemar(a, a, 50);
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.ci95()).containsExactly(0.0, 0.0);
    }

    @Test
    void theIntervalAgreesWithTheExactTest() {
        // 6 vs 0 discordant of 20: exact p = 2 / 2^6 = 0.03125 < 0.05; Clopper-Pearson 6 of 6: 0.5407419 .. 1
        // -> 6/20 * (2 pi - 1) = 0.0244451 .. 0.3: excludes 0, significant
        BitSet a = new BitSet();
        a.set(0, 6);
        PairedDifference six = PairedTests.mcnemar(a, new BitSet(), 20);
        assertThat(six.pValue()).isCloseTo(0.03125, within(1e-12));
        assertThat(six.ci95().get(0)).isCloseTo(0.0244451, within(1e-7));
        assertThat(six.ci95().get(1)).isCloseTo(0.3, within(1e-12));
        assertThat(six.significant()).isTrue();
        // 5 vs 0 of 20: p = 2 / 2^5 = 0.0625; Clopper-Pearson 5 of 5: 0.4781762 .. 1 -> -0.0109119 .. 0.25:
        // includes 0, not significant (the Wald interval, 0.0602 .. 0.4398, would have excluded 0)
        BitSet five = new BitSet();
        five.set(0, 5);
        PairedDifference result = PairedTests.mcnemar(five, new BitSet(), 20);
        assertThat(result.pValue()).isCloseTo(0.0625, within(1e-12));
        assertThat(result.ci95().get(0)).isCloseTo(-0.0109119, within(1e-7));
        assertThat(result.significant()).isFalse();
    }

    @Test
    void unequalSamplesAreRefused() {
        assertThatThrownBy(() -> PairedTests.pairedT(new double[]{1, 2}, new double[]{1}))
                .hasMessageContaining("two equally long samples");
        assertThatThrownBy(() -> PairedTests.mcnemar(new BitSet(), new BitSet(), 0)).hasMessageContaining("at least one image");
    }
}
