package io.latentlab.ml.train;

/** Optimiser and early-stopping settings for one training. */
public record TrainingConfig(double learningRate, int batchSize, int maxEpochs, int patience, long seed) {

    public TrainingConfig {
        if (!(learningRate > 0) || batchSize < 1 || maxEpochs < 1 || patience < 1) {
            throw new IllegalArgumentException("invalid training config: lr " + learningRate + ", batch "
                    + batchSize + ", maxEpochs " + maxEpochs + ", patience " + patience);
        }
    }

    /** The study's settings: Adam 0.001, batch 32, at most 100 epochs, patience 5. */
    public static TrainingConfig study(long seed) {
        return new TrainingConfig(0.001, 32, 100, 5, seed);
    }

    public TrainingConfig withMaxEpochs(int maxEpochs) {
        return new TrainingConfig(learningRate, batchSize, maxEpochs, patience, seed);
    }

    public TrainingConfig withPatience(int patience) {
        return new TrainingConfig(learningRate, batchSize, maxEpochs, patience, seed);
    }
}
