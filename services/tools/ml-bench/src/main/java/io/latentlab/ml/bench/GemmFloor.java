package io.latentlab.ml.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix products one training step of a one-hidden-layer autoencoder cannot avoid, shaped and
 * ordered as LeanStep has them (weights and their gradients 'f'-ordered like DL4J's flat views):
 * forward X·W1 and H·W2, backward Hᵀ·D2 (dW2), D2·W2ᵀ (dH) and Xᵀ·D1 (dW1). No dX: the input needs none.
 */
final class GemmFloor {

    private final INDArray x;
    private final INDArray w1;
    private final INDArray w2;
    private final INDArray h;
    private final INDArray out;
    private final INDArray dW1;
    private final INDArray dW2;
    private final INDArray dH;

    GemmFloor(int batch, int inputs, int hidden) {
        Nd4j.getRandom().setSeed(3);
        x = Nd4j.rand(DataType.FLOAT, batch, inputs);
        w1 = Nd4j.rand(DataType.FLOAT, new int[] {inputs, hidden}, 'f');
        w2 = Nd4j.rand(DataType.FLOAT, new int[] {hidden, inputs}, 'f');
        h = Nd4j.create(DataType.FLOAT, batch, hidden);
        out = Nd4j.create(DataType.FLOAT, batch, inputs);
        dW1 = Nd4j.create(DataType.FLOAT, new long[] {inputs, hidden}, 'f');
        dW2 = Nd4j.create(DataType.FLOAT, new long[] {hidden, inputs}, 'f');
        dH = Nd4j.create(DataType.FLOAT, batch, hidden);
    }

    /** Seconds for {@code batches} steps' worth of products; the output doubles as D2 and dH as D1. */
    double seconds(int batches) {
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            Nd4j.gemm(x, w1, h, false, false, 1.0, 0.0);
            Nd4j.gemm(h, w2, out, false, false, 1.0, 0.0);
            Nd4j.gemm(h, out, dW2, true, false, 1.0, 0.0);
            Nd4j.gemm(out, w2, dH, false, true, 1.0, 0.0);
            Nd4j.gemm(x, dH, dW1, true, false, 1.0, 0.0);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
