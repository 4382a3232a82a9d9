package io.latentlab.ml.train;

/**
 * The listener asked a training to stop so that its job can go to another instance (a shutdown, a lost
 * lease): not a failure. The training saved a checkpoint of its last finished epoch if it could, so the
 * job resumes after {@link #epoch()} wherever it is delivered next.
 */
public class TrainingHandedBackException extends RuntimeException {
    private final int epoch;

    public TrainingHandedBackException(int epoch, String why) {
        super("training handed back after epoch " + epoch + ": " + why);
        this.epoch = epoch;
    }

    /** The last finished epoch (0: none) when the training stopped. */
    public int epoch() {
        return epoch;
    }
}
