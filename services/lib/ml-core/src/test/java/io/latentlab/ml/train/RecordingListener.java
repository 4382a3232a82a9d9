package io.latentlab.ml.train;


import java.util.ArrayList;
import java.util.List;

/** Records epochs and resumptions, passes the checkpoints on, and can kill the training after an epoch. */
final class RecordingListener implements EpochListener {

    private final Checkpoints checkpoints;
    private final int killAfter;
    final List<Integer> epochs = new ArrayList<>();
    final List<Integer> resumedAfter = new ArrayList<>();

    /** @param killAfter the epoch whose end throws, as a killed process would stop; 0 for none */
    RecordingListener(Checkpoints checkpoints, int killAfter) {
        this.checkpoints = checkpoints;
        this.killAfter = killAfter;
    }

    @Override
    public void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss) {
        epochs.add(epoch);
        if (epoch == killAfter) {
            throw new Killed(epoch);
        }
    }

    @Override
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    @Override
    public void onResumed(int epoch) {
        resumedAfter.add(epoch);
    }

    static final class Killed extends RuntimeException {
        Killed(int epoch) {
            super("killed after epoch " + epoch);
        }
    }
}
