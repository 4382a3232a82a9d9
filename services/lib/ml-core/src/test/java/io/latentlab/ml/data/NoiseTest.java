package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseTest {

    @Test
    void sameSeedSameNoiseOtherSeedOtherNoise() {
        FloatMatrix clean = grey(20, 784, 0.3f);
        FloatMatrix a = Noise.gaussian(clean, 0.2, 42);
        assertThat(Noise.gaussian(clean, 0.2, 42)).isEqualTo(a);
        assertThat(Noise.gaussian(clean, 0.2, 43)).isNotEqualTo(a);
        assertThat(a.rows()).isEqualTo(20);
        assertThat(a.cols()).isEqualTo(784);
        assertThat(clean.data()).as("input untouched").containsOnly(0.3f);
    }

    @Test
    void staysInsideTheUnitInterval() {
        FloatMatrix clean = new FloatMatrix(2, 3, new float[] {0, 1, 0.5f, 0, 1, 0.5f});
        for (long seed = 0; seed < 50; seed++) {
            for (float v : Noise.gaussian(clean, 0.4, seed).data()) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void spreadMatchesTheFactorOnInteriorGrey() {
        // Mid-grey 0.5, so changes are clipped at ±0.5, i.e. at a = 0.5/f standard deviations:
        // E|change| = f·2(φ(0) − φ(a)) + 0.5·P(|Z| > a) = 0.1588 for f = 0.2 and 0.2787 for f = 0.4.
        FloatMatrix clean = grey(100, 784, 0.5f);
        double[][] factorAndExpected = {{0.2, 0.1588}, {0.4, 0.2787}};
        for (double[] fe : factorAndExpected) {
            float[] noisy = Noise.gaussian(clean, fe[0], 5).data();
            double sumAbs = 0;
            double sum = 0;
            for (float v : noisy) {
                sumAbs += Math.abs(v - 0.5);
                sum += v - 0.5;
            }
            assertThat(sumAbs / noisy.length).isCloseTo(fe[1], within(0.003));
            assertThat(sum / noisy.length).as("centred").isCloseTo(0, within(0.005));
        }
    }

    @Test
    void zeroFactorChangesNothing() {
        FloatMatrix clean = grey(3, 4, 0.25f);
        assertThat(Noise.gaussian(clean, 0, 1)).isEqualTo(clean);
    }

    private static FloatMatrix grey(int rows, int cols, float value) {
        float[] data = new float[rows * cols];
        Arrays.fill(data, value);
        return new FloatMatrix(rows, cols, data);
    }
}
