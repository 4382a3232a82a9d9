package io.latentlab.ml.nd4j;

import io.latentlab.ml.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

class NdArraysTest {

    private static final FloatMatrix M = new FloatMatrix(2, 3, new float[] {1, 2, 3, 4, 5, 6});

    @Test
    void aMatrixBecomesARowMajorFloatArray() {
        INDArray a = NdArrays.toFloatArray(M);
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.getFloat(0, 2)).isEqualTo(3f);
        assertThat(a.getFloat(1, 0)).isEqualTo(4f);
        assertThat(a.toFloatMatrix()).isEqualTo(new float[][] {{1, 2, 3}, {4, 5, 6}});
    }

    @Test
    void viewsTransposesAndDoublesComeBackRowMajor() {
        INDArray a = NdArrays.toFloatArray(M);
        assertThat(NdArrays.toFloatMatrix(a).data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(NdArrays.toFloatMatrix(a.transpose()).data()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(NdArrays.toFloatMatrix(a.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(1, 3))).data())
                .containsExactly(5, 6);
        INDArray doubles = Nd4j.create(new double[] {0.5, 1.5}, new long[] {1, 2}, DataType.DOUBLE);
        assertThat(NdArrays.toFloatMatrix(doubles).data()).containsExactly(0.5f, 1.5f);
    }

    @Test
    void theCopyIsIndependentOfTheMatrix() {
        float[] data = {7, 8};
        INDArray a = NdArrays.toFloatArray(new FloatMatrix(1, 2, data));
        data[0] = 0;
        assertThat(a.getFloat(0, 0)).isEqualTo(7f);
    }

    @Test
    void emptyMatricesCopy() {
        FloatMatrix empty = new FloatMatrix(0, 4, new float[0]);
        assertThat(NdArrays.toFloatArray(empty).length()).isZero();
    }
}
