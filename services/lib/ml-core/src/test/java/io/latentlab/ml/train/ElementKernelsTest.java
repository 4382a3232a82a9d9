package io.latentlab.ml.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The float loops against the same maths in ND4J ops ({@link Nd4jKernels}, which the double gradient
 * checks validate against DL4J's score), on views at an offset into larger buffers, as the step's
 * inputs, targets and gradient slices are.
 */
class ElementKernelsTest {

    private static final int ROWS = 7;
    private static final int COLS = 19;

    private final ElementKernels loops = new FloatKernels(COLS + 5);
    private final ElementKernels ops = new Nd4jKernels();

    @Test
    void floatDataGetsTheLoopsAndOtherTypesTheOps() {
        assertThat(ElementKernels.of(DataType.FLOAT, COLS)).isInstanceOf(FloatKernels.class);
        assertThat(ElementKernels.of(DataType.DOUBLE, COLS)).isInstanceOf(Nd4jKernels.class);
    }

    @Test
    void sigmoidMseDelta() {
        INDArray p = Transforms.sigmoid(rowsView(1), true);
        INDArray y = rowsView(2);
        double scale = 2.0 / (COLS * ROWS);
        Outputs fromLoops = new Outputs();
        Outputs fromOps = new Outputs();

        double loopLoss = loops.sigmoidMseDelta(p, y, fromLoops.delta, fromLoops.gradB, scale);
        double opsLoss = ops.sigmoidMseDelta(p, y, fromOps.delta, fromOps.gradB, scale);

        fromLoops.assertCloseTo(fromOps);
        assertThat(loopLoss).isCloseTo(opsLoss, within(1e-5 * opsLoss));
        assertThat(fromOps.gradB.sumNumber().doubleValue()).as("a real gradient").isNotZero();
    }

    @Test
    void softmaxCrossEntropyDeltaWithClipping() {
        INDArray p = Transforms.softmax(rowsView(3).mul(60), false); // sharp: some p fall below the clip
        INDArray y = TestNets.oneHot(DataType.FLOAT, 4, ROWS, COLS);
        assertThat(p.minNumber().doubleValue()).isLessThan(1e-10);
        Outputs fromLoops = new Outputs();
        Outputs fromOps = new Outputs();

        double loopLoss = loops.softmaxXentDelta(p, y, fromLoops.delta, fromLoops.gradB, 1.0 / ROWS, 1e-10);
        double opsLoss = ops.softmaxXentDelta(p, y, fromOps.delta, fromOps.gradB, 1.0 / ROWS, 1e-10);

        fromLoops.assertCloseTo(fromOps);
        assertThat(loopLoss).isCloseTo(opsLoss, within(1e-5 * opsLoss));
    }

    @Test
    void sigmoidBackwardAndColumnSums() {
        INDArray s = Transforms.sigmoid(rowsView(5), true);
        Outputs fromLoops = new Outputs();
        Outputs fromOps = new Outputs();
        fromLoops.delta.assign(rowsView(6));
        fromOps.delta.assign(fromLoops.delta);

        loops.sigmoidBackward(fromLoops.delta, s, fromLoops.gradB);
        ops.sigmoidBackward(fromOps.delta, s, fromOps.gradB);
        fromLoops.assertCloseTo(fromOps);

        loops.columnSums(s, fromLoops.gradB);
        ops.columnSums(s, fromOps.gradB);
        fromLoops.assertCloseTo(fromOps);
    }

    @Test
    void fillRowsCopiesTheBiasIntoEveryRow() {
        INDArray bias = vectorView().assign(Nd4j.linspace(DataType.FLOAT, 1, COLS, 1));
        INDArray out = rowsView(7);

        loops.fillRows(out, bias);

        for (int r = 0; r < ROWS; r++) {
            assertThat(out.getRow(r)).isEqualTo(bias);
        }
    }

    @Test
    void stridedRowsAreRefusedWithTheirShape() {
        INDArray wide = Nd4j.rand(DataType.FLOAT, ROWS, COLS + 5);
        INDArray columnSlice = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, COLS));

        assertThatThrownBy(() -> loops.columnSums(columnSlice, vectorView()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contiguous 'c'-ordered rows");
    }

    /** ROWS x COLS random values in [-0.5, 0.5), as rows 3.. of a larger matrix so that the view starts at an offset. */
    private static INDArray rowsView(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray big = Nd4j.rand(DataType.FLOAT, ROWS + 5, COLS).subi(0.5);
        return big.get(NDArrayIndex.interval(3, 3 + ROWS), NDArrayIndex.all());
    }

    /** A COLS-long slice in the middle of a flat buffer, like a bias gradient inside the flat gradient. */
    private static INDArray vectorView() {
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 1, COLS + 40);
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(17, 17 + COLS));
    }

    /** What a kernel writes: a delta (a view, like the step's) and a bias gradient. */
    private static final class Outputs {
        final INDArray delta = rowsView(99);
        final INDArray gradB = vectorView();

        void assertCloseTo(Outputs other) {
            assertThat(maxDifference(delta, other.delta)).as("max |delta difference|").isLessThan(1e-6);
            assertThat(maxDifference(gradB, other.gradB)).as("max |bias gradient difference|").isLessThan(1e-6);
        }

        private static double maxDifference(INDArray a, INDArray b) {
            return a.reshape(a.length()).sub(b.reshape(b.length())).amaxNumber().doubleValue();
        }
    }
}
