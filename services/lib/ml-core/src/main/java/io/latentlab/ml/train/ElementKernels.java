package io.latentlab.ml.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise part of {@link LeanStep}: everything between the gemms except the activations
 * themselves. At a batch of 32 each ND4J op costs 8–50 µs however little it computes, so these run as
 * plain Java loops, one matrix row at a time: the row is bulk-copied out of ND4J's native buffer into
 * a small heap array, worked on, and copied back. Every loop indexes all its arrays alike, which is
 * what lets the JIT vectorize it (Java 17 gives up on loops that mix {@code a[i]} and {@code b[k + i]}).
 * Matrices must be 'c'-ordered with contiguous rows; vectors contiguous. {@link FloatKernels} are
 * these loops; {@link Nd4jKernels} the same maths in ND4J ops, for other data types and as reference.
 */
interface ElementKernels {

    /** The fast loops for float (the study's networks), ND4J ops for anything else. */
    static ElementKernels of(DataType dataType, int maxColumns) {
        return dataType == DataType.FLOAT ? new FloatKernels(maxColumns) : new Nd4jKernels();
    }

    /** Every row of {@code out} := {@code bias}, so that a following gemm with beta 1 adds the bias for free. */
    void fillRows(INDArray out, INDArray bias);

    /**
     * Output layer with sigmoid + MSE: {@code delta = (p - y)·p(1 - p)·scale}, {@code gradB} = column sums
     * of delta. Returns the sum of squared errors {@code Σ(p - y)²}.
     */
    double sigmoidMseDelta(INDArray p, INDArray y, INDArray delta, INDArray gradB, double scale);

    /**
     * Output layer with softmax + MCXENT: {@code delta = (p - y)·scale}, {@code gradB} = column sums of
     * delta. Returns {@code -Σ y·log(clip(p))} with p clipped to [eps, 1 - eps] when eps > 0.
     */
    double softmaxXentDelta(INDArray p, INDArray y, INDArray delta, INDArray gradB, double scale, double clipEps);

    /** Hidden sigmoid layer: {@code delta ·= s(1 - s)} where s is its output; {@code gradB} = column sums of delta. */
    void sigmoidBackward(INDArray delta, INDArray s, INDArray gradB);

    /** Hidden identity layer: {@code gradB} = column sums of delta. */
    void columnSums(INDArray delta, INDArray gradB);

    /** Where row 0 starts in the array's buffer, after checking that its rows are contiguous. */
    static int rowStart(INDArray a) {
        if (!hasContiguousRows(a)) {
            throw new IllegalArgumentException("expected contiguous 'c'-ordered rows, got " + a.shapeInfoToString());
        }
        return Math.toIntExact(a.offset());
    }

    /** A vector without gaps, or a 'c'-ordered matrix whose rows follow each other without gaps. */
    static boolean hasContiguousRows(INDArray a) {
        return a.rank() == 1 || a.rows() == 1
                ? a.elementWiseStride() == 1
                : a.rank() == 2 && a.ordering() == 'c' && a.stride(1) == 1 && a.stride(0) == a.columns();
    }

    static int columns(INDArray a) {
        return Math.toIntExact(a.rank() == 1 ? a.length() : a.columns());
    }

    static int rows(INDArray a) {
        return Math.toIntExact(a.rank() == 1 ? 1 : a.rows());
    }
}
