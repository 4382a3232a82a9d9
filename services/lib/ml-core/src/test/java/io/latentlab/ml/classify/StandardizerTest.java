package io.latentlab.ml.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentlab.ml.data.FloatMatrix;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    // Column 0: 1, 3 (mean 2, std 1); column 1 constant 5; column 2: 0, 4 (mean 2, std 2).
    private final FloatMatrix train = new FloatMatrix(2, 3, new float[] {1, 5, 0, 3, 5, 4});

    @Test
    void scalesToZeroMeanUnitStdAndOnlyCentresConstantFeatures() {
        Standardizer s = Standardizer.fit(train);
        assertThat(s.mean()).containsExactly(2, 5, 2);
        assertThat(s.std()).containsExactly(1, 0, 2);
        assertThat(s.apply(train).data()).containsExactly(-1, 0, -1, 1, 0, 1);
        FloatMatrix other = new FloatMatrix(1, 3, new float[] {2, 7, 10});
        assertThat(s.apply(other).data()).containsExactly(0, 2, 4);
    }

    @Test
    void usesDoubleAccumulation() {
        int n = 100_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1000.1f + (i % 2 == 0 ? 0.5f : -0.5f);
        }
        Standardizer s = Standardizer.fit(new FloatMatrix(n, 1, x));
        assertThat(s.mean()[0]).isCloseTo(1000.1, within(1e-4));
        assertThat(s.std()[0]).isCloseTo(0.5, within(1e-4));
    }

    @Test
    void roundTripsThroughBytes() {
        Standardizer s = Standardizer.fit(train);
        Standardizer restored = Standardizer.fromBytes(s.toBytes());
        assertThat(restored.mean()).containsExactly(s.mean());
        assertThat(restored.std()).containsExactly(s.std());
    }
}
