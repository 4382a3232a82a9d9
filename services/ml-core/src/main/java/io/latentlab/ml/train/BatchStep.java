package io.latentlab.ml.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One optimiser update of a network on one minibatch. */
public interface BatchStep {

    /** Updates the parameters and returns the minibatch's loss before the update. */
    double step(INDArray x, INDArray y);

    /** Called once when training ends, to leave the network as {@code fit()} would (e.g. its updater state). */
    default void finish() {
    }
}
