package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training's state after an epoch, enough to continue it bit-identically: the network's flat
 * parameters and updater state (Adam's moments) with its iteration count, the best epoch so far with
 * its parameters and val loss, the loss histories. The shuffle order is not stored: it is replayed from
 * the seed. {@link #network()} and {@link #training()} describe what the checkpoint belongs to, so that
 * one of another network or training is rejected ({@link #requireResumable}) rather than half-loaded.
 * Serialized by {@link CheckpointCodec}.
 */
public final class TrainingCheckpoint {

    private final String network;
    private final String training;
    private final int epoch;
    private final int bestEpoch;
    private final double bestValLoss;
    private final int iterationCount;
    private final int epochCount;
    private final double[] trainLoss;
    private final double[] valLoss;
    private final INDArray params;
    private final INDArray updaterState;
    private final INDArray bestParams;

    /**
     * The arrays may be views of the live network (capturing copies nothing): serialize before training
     * goes on. {@code updaterState} is null when the updater keeps none; {@code bestParams} is null
     * when the best epoch is this one.
     */
    TrainingCheckpoint(String network, String training, int epoch, int bestEpoch, double bestValLoss,
                       int iterationCount, int epochCount, double[] trainLoss, double[] valLoss,
                       INDArray params, INDArray updaterState, INDArray bestParams) {
        if (epoch < 1 || bestEpoch < 0 || bestEpoch > epoch || trainLoss.length != epoch || valLoss.length != epoch) {
            throw new IllegalArgumentException("inconsistent checkpoint: epoch " + epoch + ", best epoch " + bestEpoch
                    + ", " + trainLoss.length + "/" + valLoss.length + " losses");
        }
        if (bestParams != null && bestParams.length() != params.length()) {
            throw new IllegalArgumentException("inconsistent checkpoint: " + params.length() + " parameters, "
                    + bestParams.length() + " best parameters");
        }
        this.network = network;
        this.training = training;
        this.epoch = epoch;
        this.bestEpoch = bestEpoch;
        this.bestValLoss = bestValLoss;
        this.iterationCount = iterationCount;
        this.epochCount = epochCount;
        this.trainLoss = trainLoss;
        this.valLoss = valLoss;
        this.params = params;
        this.updaterState = updaterState;
        this.bestParams = bestParams;
    }

    public byte[] toBytes() {
        return CheckpointCodec.write(this);
    }

    /** @throws IllegalArgumentException if the bytes are not a whole checkpoint of a version this code reads */
    public static TrainingCheckpoint fromBytes(byte[] bytes) {
        return CheckpointCodec.read(bytes);
    }

    /**
     * Rejects, with a message saying why, a checkpoint that this training cannot continue from:
     * another network (layers, sizes, data type, updater), another training (seed, batch size,
     * learning rate, rows), or past the training's last epoch.
     */
    void requireResumable(MultiLayerNetwork net, String training, int maxEpochs) {
        String thisNetwork = describe(net);
        if (!network.equals(thisNetwork)) {
            throw new IllegalArgumentException("checkpoint is of another network: " + network + "; this one is " + thisNetwork);
        }
        if (!this.training.equals(training)) {
            throw new IllegalArgumentException("checkpoint is of another training: " + this.training + "; this one is " + training);
        }
        if (params.length() != net.numParams() || params.dataType() != net.params().dataType()) {
            throw new IllegalArgumentException("checkpoint has " + params.length() + " " + params.dataType()
                    + " parameters, the network " + net.numParams() + " " + net.params().dataType());
        }
        INDArray state = UpdaterState.view(net);
        long expected = state == null ? 0 : state.length();
        long actual = updaterState == null ? 0 : updaterState.length();
        if (expected != actual) {
            throw new IllegalArgumentException("checkpoint has " + actual + " updater state values, the network " + expected);
        }
        if (epoch > maxEpochs) {
            throw new IllegalArgumentException("checkpoint is after epoch " + epoch + ", the training has " + maxEpochs);
        }
    }

    /** Loads parameters, updater state and counters into {@code net}: before a {@link BatchStep} is made for it. */
    void restoreInto(MultiLayerNetwork net) {
        net.setParams(params.reshape(net.params().shape()));
        if (updaterState != null) {
            UpdaterState.restore(net, updaterState);
        }
        net.setIterationCount(iterationCount);
        net.setEpochCount(epochCount);
    }

    /** What a checkpoint must match: the data type and each layer's kind, sizes, activation, loss and updater. */
    static String describe(MultiLayerNetwork net) {
        StringBuilder s = new StringBuilder().append(net.params().dataType()).append(' ').append(net.numParams())
                .append(" params:");
        for (int i = 0; i < net.getnLayers(); i++) {
            s.append(' ').append(LayerDescription.of(net.getLayerWiseConfigurations().getConf(i).getLayer()));
        }
        return s.toString();
    }

    public String network() {
        return network;
    }

    public String training() {
        return training;
    }

    /** The epoch just completed (from 1). */
    public int epoch() {
        return epoch;
    }

    /** The best epoch so far (0 if no val loss was finite yet). */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestValLoss() {
        return bestValLoss;
    }

    public int iterationCount() {
        return iterationCount;
    }

    int epochCount() {
        return epochCount;
    }

    public double[] trainLoss() {
        return trainLoss.clone();
    }

    public double[] valLoss() {
        return valLoss.clone();
    }

    INDArray params() {
        return params;
    }

    INDArray updaterState() {
        return updaterState;
    }

    /** The best epoch's parameters, which are {@link #params()} when the best epoch is this one. */
    INDArray bestParams() {
        return bestParams != null ? bestParams : params;
    }

    boolean storesBestParams() {
        return bestParams != null;
    }

    @Override
    public String toString() {
        return "TrainingCheckpoint[epoch " + epoch + ", best " + bestEpoch + ", " + network + ", " + training + "]";
    }
}
