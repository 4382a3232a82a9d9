package io.latentlab.evaluator.stats;

import org.apache.commons.statistics.interval.Interval;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Intervals against values published elsewhere or computed by hand from the closed formulas quoted. */
class EstimatesTest {

    /**
     * Student's sleep data (Cushny and Peebles; R's datasets::sleep): the ten per-patient differences
     * group 1 − group 2. R's {@code t.test(extra ~ group, data = sleep, paired = TRUE)} prints "mean
     * difference -1.58" and "95 percent confidence interval: -2.4598858 -0.7001142" (R's ?sleep example).
     */
    private static final double[] SLEEP_DIFFERENCES = {-1.2, -2.4, -1.3, -1.3, 0.0, -1.0, -1.8, -0.8, -4.6, -1.4};

    @Test
    void overSeedsTheIntervalIsStudentsT() {
        Estimate estimate = Estimates.overSeeds(SLEEP_DIFFERENCES);

        assertThat(estimate.n()).isEqualTo(10);
        assertThat(estimate.mean()).isCloseTo(-1.58, within(1e-12));
        // sample sd of the differences: sqrt(sum (d - mean)^2 / 9) = 1.2299955 (by hand)
        assertThat(estimate.std()).isCloseTo(1.2299955, within(1e-7));
        assertThat(estimate.ci95()).satisfiesExactly(
                lo -> assertThat(lo).isCloseTo(-2.4598858, within(1e-7)),
                hi -> assertThat(hi).isCloseTo(-0.7001142, within(1e-7)));
        assertThat(estimate.method()).isEqualTo(Estimate.T);
    }

    @Test
    void threeSeedsUseTheTQuantileWithTwoDegreesOfFreedom() {
        // mean 0.96, s = 0.01; t(0.975, 2) = 4.302653 (any t table): 0.96 -/+ 4.302653 * 0.01 / sqrt(3) = 0.0248414
        Estimate estimate = Estimates.overSeeds(new double[]{0.95, 0.96, 0.97});

        assertThat(estimate.ci95().get(0)).isCloseTo(0.9351586, within(1e-7));
        assertThat(estimate.ci95().get(1)).isCloseTo(0.9848414, within(1e-7));
        assertThat(estimate.halfWidth()).isCloseTo(0.0248414, within(1e-7));
    }

    @Test
    void oneSeedHasNoSpreadAndAnAccuracyGetsItsBinomialInterval() {
        Estimate mse = Estimates.overSeeds(new double[]{0.0123});
        assertThat(mse.std()).isNull();
        assertThat(mse.ci95()).isNull();
        assertThat(mse.method()).isEqualTo(Estimate.NONE);

        // 240 of 250 right; Wilson: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964
        // = 0.9279473 .. 0.9781301 (the formula evaluated in double precision)
        Estimate accuracy = Estimates.accuracy(new double[]{0.96}, 240, 250);
        assertThat(accuracy.n()).isEqualTo(1);
        assertThat(accuracy.mean()).isEqualTo(0.96);
        assertThat(accuracy.method()).isEqualTo(Estimate.WILSON);
        assertThat(accuracy.ci95().get(0)).isCloseTo(0.9279473, within(1e-7));
        assertThat(accuracy.ci95().get(1)).isCloseTo(0.9781301, within(1e-7));
    }

    @Test
    void wilsonMatchesNewcombesPublishedExample() {
        // Newcombe (1998), Statistics in Medicine 17:857-872, Table I, 81/263, method 3 (score): 0.2553 to 0.3662
        Interval interval = Estimates.wilson(81, 263);
        assertThat(interval.getLowerBound()).isCloseTo(0.2553, within(5e-5));
        assertThat(interval.getUpperBound()).isCloseTo(0.3662, within(5e-5));
        // and at the edges, 0/10: 0 .. 0.2775328 (the same formula)
        assertThat(Estimates.wilson(0, 10).getUpperBound()).isCloseTo(0.2775328, within(1e-7));
    }

    @Test
    void severalSeedsAccuraciesUseTheTIntervalNotTheBinomialOne() {
        Estimate accuracy = Estimates.accuracy(new double[]{0.95, 0.96, 0.97}, 0, 0);
        assertThat(accuracy.method()).isEqualTo(Estimate.T);
        assertThat(accuracy.ci95().get(0)).isCloseTo(0.9351586, within(1e-7));
    }

    @Test
    void anAccuracyIntervalStaysWithinZeroAndOne() {
        // two seeds far apart: 0.745 -/+ t(0.975, 1) * 0.3465 / sqrt 2 = 0.745 -/+ 3.113 (t(0.975, 1) = 12.706)
        Estimate raw = Estimates.overSeeds(new double[]{0.5, 0.99});
        assertThat(raw.ci95().get(0)).isCloseTo(0.745 - 3.1130, within(1e-3));
        Estimate accuracy = Estimates.accuracy(new double[]{0.5, 0.99}, 0, 0);
        assertThat(accuracy.ci95()).containsExactly(0.0, 1.0);
        assertThat(accuracy.mean()).isCloseTo(0.745, within(1e-12));
        PairedDifference difference = PairedTests.pairedT(new double[]{0.2, 0.9}, new double[]{0.9, 0.2}).clipped(-1, 1);
        assertThat(difference.ci95()).containsExactly(-1.0, 1.0);
    }

    @Test
    void nonsenseIsRefusedWithAReason() {
        assertThatThrownBy(() -> Estimates.overSeeds(new double[0])).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> Estimates.overSeeds(new double[]{1, Double.NaN})).hasMessageContaining("finite");
        assertThatThrownBy(() -> Estimates.wilson(11, 10)).hasMessageContaining("0 <= successes <= trials");
    }
}
