package io.latentlab.ml.classify;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.ZipEntries;
import io.latentlab.ml.nd4j.NdArrays;
import io.latentlab.ml.train.NetworkArchive;
import io.latentlab.ml.train.TrainingOutcome;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A trained network with its input standardizer and training history. */
public final class TrainedClassifier {
    private static final String STANDARDIZER = "standardizer.npy";
    private static final int PREDICT_CHUNK = 4096;

    private final MultiLayerNetwork network;
    private final Standardizer standardizer;
    private final int epochs;
    private final int bestEpoch;
    private final double[] trainLoss;
    private final double[] valLoss;
    private final double trainSeconds;

    public TrainedClassifier(MultiLayerNetwork network, Standardizer standardizer, int epochs, int bestEpoch,
            double[] trainLoss, double[] valLoss, double trainSeconds) {
        this.network = network;
        this.standardizer = standardizer;
        this.epochs = epochs;
        this.bestEpoch = bestEpoch;
        this.trainLoss = trainLoss.clone();
        this.valLoss = valLoss.clone();
        this.trainSeconds = trainSeconds;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Standardizer standardizer() {
        return standardizer;
    }

    /** Epochs run (including the patience epochs after the best one). */
    public int epochs() {
        return epochs;
    }

    /** The epoch (from 1) whose weights the network holds. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double[] trainLoss() {
        return trainLoss.clone();
    }

    public double[] valLoss() {
        return valLoss.clone();
    }

    /** Wall time of the training; 0 for a classifier restored {@link #fromBytes from bytes} (not archived). */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** Class probabilities for raw (unstandardized) features. */
    public FloatMatrix probabilities(FloatMatrix x) {
        try (INDArray out = output(x)) {
            return NdArrays.toFloatMatrix(out);
        }
    }

    /** The most probable class per row of raw (unstandardized) features. */
    public int[] predict(FloatMatrix x) {
        return mostProbable(probabilities(x));
    }

    /** The most probable class of each row of {@link #probabilities}, the first on a tie (as ND4J's argMax). */
    public static int[] mostProbable(FloatMatrix probabilities) {
        int[] out = new int[probabilities.rows()];
        float[] p = probabilities.data();
        int classes = probabilities.cols();
        for (int row = 0; row < out.length; row++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[row * classes + c] > p[row * classes + best]) {
                    best = c;
                }
            }
            out[row] = best;
        }
        return out;
    }

    private INDArray output(FloatMatrix x) {
        try (INDArray in = NdArrays.toFloatArray(standardizer.apply(x))) {
            if (x.rows() <= PREDICT_CHUNK) {
                return network.output(in, false);
            }
            INDArray[] chunks = new INDArray[(x.rows() + PREDICT_CHUNK - 1) / PREDICT_CHUNK];
            for (int i = 0; i < chunks.length; i++) {
                int from = i * PREDICT_CHUNK;
                int to = Math.min(x.rows(), from + PREDICT_CHUNK);
                chunks[i] = network.output(in.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), false);
            }
            INDArray all = Nd4j.vstack(chunks);
            for (INDArray chunk : chunks) {
                chunk.close();
            }
            return all;
        }
    }

    /** A zip: the DL4J model (with updater), the standardizer, the loss curves and metadata; the same training gives the same bytes. */
    public byte[] toBytes() {
        TrainingOutcome outcome = new TrainingOutcome(epochs, bestEpoch, trainLoss, valLoss, trainSeconds);
        return new NetworkArchive(network, outcome, new Properties(), Map.of(STANDARDIZER, standardizer.toBytes()))
                .toBytes();
    }

    public static TrainedClassifier fromBytes(byte[] bytes) {
        return fromBytes(bytes, true);
    }

    /** @param withUpdater false for a classifier that only predicts (no Adam moments in memory) */
    public static TrainedClassifier fromBytes(byte[] bytes, boolean withUpdater) {
        String what = "trained classifier";
        NetworkArchive archive = NetworkArchive.fromBytes(bytes, what, withUpdater);
        TrainingOutcome outcome = archive.outcome();
        return new TrainedClassifier(archive.network(),
                Standardizer.fromBytes(ZipEntries.require(archive.attachments(), STANDARDIZER, what)),
                outcome.epochs(), outcome.bestEpoch(), outcome.trainLoss(), outcome.valLoss(), outcome.seconds());
    }
}
