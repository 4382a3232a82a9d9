package io.latentlab.ml.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One optimiser update of a network on one minibatch. */
public interface BatchStep {

    /** Updates the parameters and returns the minibatch's loss before the update. */
    double step(INDArray x, INDArray y);

    /** The loss of the network as it stands on all of (x, y), as DL4J's {@code score(DataSet)} reports it; no update. */
    double score(INDArray x, INDArray y);

    /**
     * Leaves the network as {@code fit()} would (e.g. its updater state): called when training ends and
     * before each checkpoint, after which training may go on.
     */
    default void finish() {
    }
}
