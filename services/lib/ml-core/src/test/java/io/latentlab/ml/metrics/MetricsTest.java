package io.latentlab.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentlab.ml.data.FloatMatrix;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void accuracyCountsHits() {
        assertThat(Metrics.accuracy(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1})).isEqualTo(0.5);
        assertThat(Metrics.accuracy(new int[] {3}, new int[] {3})).isEqualTo(1.0);
        assertThatThrownBy(() -> Metrics.accuracy(new int[] {1}, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confusionRowsAreTrueClasses() {
        int[] y = {0, 0, 1, 1, 1, 2};
        int[] pred = {0, 1, 1, 1, 2, 0};
        assertThat(Metrics.confusion(y, pred, 3)).isDeepEqualTo(new int[][] {
            {1, 1, 0},
            {0, 2, 1},
            {1, 0, 0},
        });
        assertThatThrownBy(() -> Metrics.confusion(new int[] {3}, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanSquaredErrorIsMeanOfRowMeans() {
        FloatMatrix a = new FloatMatrix(2, 2, new float[] {0, 0, 1, 1});
        FloatMatrix b = new FloatMatrix(2, 2, new float[] {1, 0, 1, 0.5f});
        // row 0: (1 + 0) / 2 = 0.5; row 1: (0 + 0.25) / 2 = 0.125; mean 0.3125
        assertThat(Metrics.meanSquaredError(a, b)).isCloseTo(0.3125, within(1e-12));
        assertThat(Metrics.meanSquaredError(a, a)).isZero();
        assertThatThrownBy(() -> Metrics.meanSquaredError(a, FloatMatrix.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
