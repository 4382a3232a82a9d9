package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** The trainer's bookkeeping across epochs: loss histories, the best epoch, its val loss and parameters. */
final class TrainingProgress {

    private final double[] trainLoss;
    private final double[] valLoss;
    private int epoch;
    private int bestEpoch;
    private double bestValLoss = Double.POSITIVE_INFINITY;
    private INDArray bestParams;

    TrainingProgress(MultiLayerNetwork net, int maxEpochs) {
        this.trainLoss = new double[maxEpochs];
        this.valLoss = new double[maxEpochs];
        this.bestParams = net.params().dup();
    }

    /** Epochs completed. */
    int epoch() {
        return epoch;
    }

    /** Records the epoch just trained; the network's parameters become the best if its val loss is. */
    void record(double train, double val, MultiLayerNetwork net) {
        epoch++;
        trainLoss[epoch - 1] = train;
        valLoss[epoch - 1] = val;
        if (val < bestValLoss) {
            bestValLoss = val;
            bestEpoch = epoch;
            bestParams.close();
            bestParams = net.params().dup();
        }
    }

    double trainLoss(int epoch) {
        return trainLoss[epoch - 1];
    }

    double valLoss(int epoch) {
        return valLoss[epoch - 1];
    }

    /** Out of epochs, or out of patience: no epoch improved on the best for {@code patience} epochs. */
    boolean finished(TrainingConfig cfg) {
        return epoch >= cfg.maxEpochs() || epoch - bestEpoch >= cfg.patience();
    }

    INDArray bestParams() {
        return bestParams;
    }

    /** The state to continue from; the network's updater state must be current ({@link BatchStep#finish()}). */
    TrainingCheckpoint checkpoint(MultiLayerNetwork net, String training) {
        return new TrainingCheckpoint(TrainingCheckpoint.describe(net), training, epoch, bestEpoch, bestValLoss,
                net.getIterationCount(), net.getEpochCount(), Arrays.copyOf(trainLoss, epoch),
                Arrays.copyOf(valLoss, epoch), net.params(), UpdaterState.view(net),
                bestEpoch == epoch ? null : bestParams);
    }

    /** Takes over a checkpoint's bookkeeping (one that {@link TrainingCheckpoint#requireResumable} accepted). */
    void resume(TrainingCheckpoint c, MultiLayerNetwork net) {
        epoch = c.epoch();
        bestEpoch = c.bestEpoch();
        bestValLoss = c.bestValLoss();
        System.arraycopy(c.trainLoss(), 0, trainLoss, 0, epoch);
        System.arraycopy(c.valLoss(), 0, valLoss, 0, epoch);
        bestParams.close();
        bestParams = c.bestParams().reshape(net.params().shape()).dup();
    }

    TrainingOutcome outcome(double seconds) {
        return new TrainingOutcome(epoch, bestEpoch, Arrays.copyOf(trainLoss, epoch), Arrays.copyOf(valLoss, epoch), seconds);
    }
}
