package io.latentlab.ml.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FusedAdam (the float loop, and its ND4J-ops reference in float and double) against DL4J's own Adam
 * updater, over several iterations on a parameter count that leaves the last chunk partial.
 */
class FusedAdamTest {

    private static final int SIZE = 2 * FusedAdam.CHUNK + 517;
    private static final Adam CONFIG = new Adam(0.01);

    @Test
    void fusedFloatLoopMatchesDl4j() {
        assertMatchesDl4j(new FusedAdam(CONFIG, DataType.FLOAT, SIZE), DataType.FLOAT, 1e-6);
    }

    @Test
    void referenceOpsMatchDl4jInFloatAndDouble() {
        assertMatchesDl4j(FusedAdam.reference(CONFIG, DataType.FLOAT, SIZE), DataType.FLOAT, 1e-6);
        assertMatchesDl4j(FusedAdam.reference(CONFIG, DataType.DOUBLE, SIZE), DataType.DOUBLE, 1e-12);
    }

    @Test
    void momentsGoOutAndBackInUnchanged() {
        FusedAdam adam = new FusedAdam(CONFIG, DataType.FLOAT, SIZE);
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, SIZE);
        adam.update(params, gradient(DataType.FLOAT, 1), 0);
        INDArray m = Nd4j.zeros(DataType.FLOAT, SIZE);
        INDArray v = Nd4j.zeros(DataType.FLOAT, SIZE);
        adam.storeMoments(m, v);

        FusedAdam restored = new FusedAdam(CONFIG, DataType.FLOAT, SIZE);
        restored.loadMoments(m, v);
        INDArray m2 = Nd4j.zeros(DataType.FLOAT, SIZE);
        INDArray v2 = Nd4j.zeros(DataType.FLOAT, SIZE);
        restored.storeMoments(m2, v2);

        assertThat(m.amaxNumber().doubleValue()).isPositive();
        assertThat(m2).isEqualTo(m);
        assertThat(v2).isEqualTo(v);
    }

    private static void assertMatchesDl4j(FusedAdam adam, DataType type, double tolerance) {
        Nd4j.getRandom().setSeed(11);
        INDArray params = Nd4j.rand(type, 1, SIZE);
        INDArray expected = params.dup();
        INDArray dl4jState = Nd4j.zeros(type, 1, 2 * SIZE);
        GradientUpdater<?> dl4j = CONFIG.instantiate(dl4jState, true);
        for (int iteration = 0; iteration < 5; iteration++) {
            INDArray grad = gradient(type, iteration);
            adam.update(params, grad, iteration);
            INDArray update = grad.dup();
            dl4j.applyUpdater(update, iteration, 0);
            expected.subi(update);
        }
        assertThat(params.sub(expected).amaxNumber().doubleValue()).as("max |param difference|").isLessThan(tolerance);
        INDArray m = Nd4j.zeros(type, SIZE);
        INDArray v = Nd4j.zeros(type, SIZE);
        adam.storeMoments(m, v);
        INDArray flatState = dl4jState.reshape(2 * SIZE);
        assertThat(m.sub(flatState.get(NDArrayIndex.interval(0, SIZE))).amaxNumber().doubleValue()).isLessThan(tolerance);
        assertThat(v.sub(flatState.get(NDArrayIndex.interval(SIZE, 2 * SIZE))).amaxNumber().doubleValue()).isLessThan(tolerance);
    }

    private static INDArray gradient(DataType type, long seed) {
        Nd4j.getRandom().setSeed(100 + seed);
        return Nd4j.randn(type, 1, SIZE).muli(0.1);
    }
}
