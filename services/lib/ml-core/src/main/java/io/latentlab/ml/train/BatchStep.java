package io.latentlab.ml.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One optimiser update of a network on one minibatch. */
public interface BatchStep {

    /** Updates the parameters and returns the minibatch's loss before the update. */
    double step(INDArray x, INDArray y);

    /**
     * Leaves the network as {@code fit()} would (e.g. its updater state): called when training ends and
     * before each checkpoint, after which training may go on.
     */
    default void finish() {
    }
}
