package io.latentlab.ml.train;

/** What a training did: epochs run, the best epoch (whose weights the network now holds), loss curves. */
public record TrainingOutcome(int epochs, int bestEpoch, double[] trainLoss, double[] valLoss, double seconds) {
}
