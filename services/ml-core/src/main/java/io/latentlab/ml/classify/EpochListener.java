package io.latentlab.ml.classify;

/** Progress callback, called once per finished epoch (epochs count from 1). */
public interface EpochListener {
    void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss);

    /** Polled between minibatches; true stops the training with {@link TrainingCancelledException}. */
    default boolean cancelled() {
        return false;
    }

    EpochListener NONE = (epoch, maxEpochs, trainLoss, valLoss) -> { };
}
