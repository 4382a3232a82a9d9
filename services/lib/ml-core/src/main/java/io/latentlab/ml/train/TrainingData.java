package io.latentlab.ml.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inputs and targets, row for row: labels one-hot for a classifier, the clean image for an
 * autoencoder (whose input may be the noisy one).
 */
public record TrainingData(INDArray x, INDArray y) implements AutoCloseable {

    public TrainingData {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("inputs have " + x.rows() + " rows, targets " + y.rows());
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException("no rows to train on");
        }
    }

    public int rows() {
        return (int) x.rows();
    }

    /** Frees the native memory now rather than when the GC gets round to it (rows x features floats each). */
    @Override
    public void close() {
        x.close();
        if (y != x) {
            y.close();
        }
    }
}
