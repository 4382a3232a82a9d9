package io.latentlab.ml.train;


import java.time.Duration;
import java.util.function.Supplier;

/** Progress callback, called once per finished epoch (epochs count from 1). */
public interface EpochListener {
    void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss);

    /** Polled between minibatches; true stops the training with {@link TrainingCancelledException}. */
    default boolean cancelled() {
        return false;
    }

    /**
     * Polled between minibatches: true asks the training to hand its job back (this process is shutting down,
     * or its lease is gone). At an epoch's end the training saves a checkpoint and stops with
     * {@link TrainingHandedBackException}; mid-epoch it first finishes the epoch if it expects to within
     * {@link #handBackBudget()} from the request, so the hand-back costs no work.
     */
    default boolean handingBack() {
        return false;
    }

    /** How long a training asked to hand back may go on to finish the epoch in flight. */
    default Duration handBackBudget() {
        return Duration.ZERO;
    }

    /** Where the training keeps its checkpoint; the trainer resumes from the latest one. */
    default Checkpoints checkpoints() {
        return Checkpoints.NONE;
    }

    /** Called once when a training resumes after checkpointed epoch {@code epoch}, before it trains epoch + 1. */
    default void onResumed(int epoch) {
    }

    /**
     * Runs the training itself (its epochs, not the loading before or the storing after): a job runner
     * holds one of the machine's CPU slots for exactly that long, so that other jobs' I/O overlaps it.
     */
    default <T> T whileTraining(Supplier<T> training) {
        return training.get();
    }

    EpochListener NONE = (epoch, maxEpochs, trainLoss, valLoss) -> { };
}
