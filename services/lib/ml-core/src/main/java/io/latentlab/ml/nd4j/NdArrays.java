package io.latentlab.ml.nd4j;

import io.latentlab.ml.data.FloatMatrix;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between {@link FloatMatrix} and ND4J arrays. */
public final class NdArrays {
    private NdArrays() {
    }

    /** One bulk copy into native memory ({@code Nd4j.create(float[], ...)} copies element by element). */
    public static INDArray toFloatArray(FloatMatrix m) {
        if (m.data().length == 0) {
            return Nd4j.create(DataType.FLOAT, m.rows(), m.cols());
        }
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, m.rows(), m.cols());
        new FloatPointer(a.data().addressPointer()).put(m.data());
        return a;
    }

    /** A 2-d array (any order, any floating type) as a row-major float matrix. */
    public static FloatMatrix toFloatMatrix(INDArray a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("expected a 2-d array, got rank " + a.rank());
        }
        INDArray c = a.castTo(DataType.FLOAT).dup('c');
        float[] data = new float[Math.toIntExact(c.length())];
        if (data.length > 0) {
            new FloatPointer(c.data().addressPointer()).get(data); // one bulk copy, as in toFloatArray
        }
        return new FloatMatrix((int) a.rows(), (int) a.columns(), data);
    }

    /** One-hot float labels, n x numClasses. */
    public static INDArray oneHot(int[] y, int numClasses) {
        float[] data = new float[Math.multiplyExact(y.length, numClasses)];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException("label " + y[i] + " at " + i + " outside 0.." + (numClasses - 1));
            }
            data[i * numClasses + y[i]] = 1f;
        }
        return Nd4j.create(data, new long[] {y.length, numClasses}, DataType.FLOAT);
    }
}
