package io.latentlab.ml.train;

/** The listener asked a training to stop. */
public class TrainingCancelledException extends RuntimeException {
    private final int epoch;

    public TrainingCancelledException(int epoch) {
        super("training cancelled during epoch " + epoch);
        this.epoch = epoch;
    }

    /** The epoch (from 1) that was running when the cancellation was seen. */
    public int epoch() {
        return epoch;
    }
}
