package io.latentlab.ml.classify;

import io.latentlab.ml.train.Checkpoints;

/** Progress callback, called once per finished epoch (epochs count from 1). */
public interface EpochListener {
    void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss);

    /** Polled between minibatches; true stops the training with {@link TrainingCancelledException}. */
    default boolean cancelled() {
        return false;
    }

    /** Where the training keeps its checkpoint; the trainer resumes from the latest one. */
    default Checkpoints checkpoints() {
        return Checkpoints.NONE;
    }

    /** Called once when a training resumes after checkpointed epoch {@code epoch}, before it trains epoch + 1. */
    default void onResumed(int epoch) {
    }

    EpochListener NONE = (epoch, maxEpochs, trainLoss, valLoss) -> { };
}
