package io.latentlab.ml.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Each kernel against the same maths in plain ND4J ops, on arrays that are views at an offset into a
 * larger buffer (as the step's inputs, targets and gradient slices are).
 */
class ElementKernelsTest {

    private static final int ROWS = 7;
    private static final int COLS = 19;

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void sigmoidMseDeltaMatchesNd4j(DataType type) {
        INDArray p = Transforms.sigmoid(rowsView(type, 1), true);
        INDArray y = rowsView(type, 2);
        INDArray delta = Nd4j.create(type, ROWS, COLS);
        INDArray gradB = vectorView(type);
        double scale = 2.0 / (COLS * ROWS);

        double sumSquares = ElementKernels.of(type, COLS).sigmoidMseDelta(p, y, delta, gradB, scale);

        INDArray error = p.sub(y);
        INDArray expected = error.mul(p.rsub(1.0).mul(p)).mul(scale);
        assertClose(delta, expected);
        assertClose(gradB, expected.sum(0));
        assertThat(sumSquares).isCloseTo(error.mul(error).sumNumber().doubleValue(), within(1e-4));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void softmaxCrossEntropyDeltaMatchesNd4jWithClipping(DataType type) {
        INDArray p = Transforms.softmax(rowsView(type, 3).mul(30), false); // sharp: some p below the clip
        INDArray y = TestNets.oneHot(type, 4, ROWS, COLS);
        INDArray delta = Nd4j.create(type, ROWS, COLS);
        INDArray gradB = vectorView(type);
        double eps = 1e-10;

        double loss = ElementKernels.of(type, COLS).softmaxXentDelta(p, y, delta, gradB, 1.0 / ROWS, eps);

        INDArray expected = p.sub(y).mul(1.0 / ROWS);
        assertClose(delta, expected);
        assertClose(gradB, expected.sum(0));
        INDArray clipped = Transforms.min(Transforms.max(p, eps, true), 1 - eps, false);
        double expectedLoss = -Transforms.log(clipped, false).mul(y).sumNumber().doubleValue();
        assertThat(loss).isCloseTo(expectedLoss, within(1e-4 * Math.abs(expectedLoss)));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void sigmoidBackwardAndColumnSumsMatchNd4j(DataType type) {
        INDArray s = Transforms.sigmoid(rowsView(type, 5), true);
        INDArray original = rowsView(type, 6);
        INDArray delta = original.dup();
        INDArray gradB = vectorView(type);
        ElementKernels kernels = ElementKernels.of(type, COLS);

        kernels.sigmoidBackward(delta, s, gradB);

        INDArray expected = original.mul(s.rsub(1.0).mul(s));
        assertClose(delta, expected);
        assertClose(gradB, expected.sum(0));

        kernels.columnSums(original, gradB);
        assertClose(gradB, original.sum(0));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fillRowsCopiesTheBiasIntoEveryRow(DataType type) {
        INDArray bias = vectorView(type).assign(Nd4j.linspace(type, 1, COLS, 1));
        INDArray out = rowsView(type, 7);

        ElementKernels.of(type, COLS).fillRows(out, bias);

        for (int r = 0; r < ROWS; r++) {
            assertClose(out.getRow(r), bias);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void stridedRowsAreRefusedWithTheirShape(DataType type) {
        INDArray wide = Nd4j.rand(type, ROWS, COLS + 5);
        INDArray columnSlice = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, COLS));

        assertThatThrownBy(() -> ElementKernels.of(type, COLS).columnSums(columnSlice, vectorView(type)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contiguous 'c'-ordered rows");
    }

    /** ROWS x COLS random values, as rows 3.. of a larger matrix so that the view starts at an offset. */
    private static INDArray rowsView(DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray big = Nd4j.rand(type, ROWS + 5, COLS).subi(0.5);
        return big.get(NDArrayIndex.interval(3, 3 + ROWS), NDArrayIndex.all());
    }

    /** A COLS-long slice in the middle of a flat buffer, like a bias gradient inside the flat gradient. */
    private static INDArray vectorView(DataType type) {
        INDArray flat = Nd4j.zeros(type, 1, COLS + 40);
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(17, 17 + COLS));
    }

    private static void assertClose(INDArray actual, INDArray expected) {
        double diff = actual.reshape(actual.length()).sub(expected.reshape(expected.length())).amaxNumber().doubleValue();
        assertThat(diff).as("max |difference| of %s", actual.shapeInfoToString()).isLessThan(1e-6);
    }
}
