package io.latentlab.ml.classify;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.io.ZipEntries;
import io.latentlab.ml.nd4j.NdArrays;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A trained network with its input standardizer and training history. */
public final class TrainedClassifier {
    private static final String MODEL = "model.zip";
    private static final String STANDARDIZER = "standardizer.npy";
    private static final String TRAIN_LOSS = "train_loss.npy";
    private static final String VAL_LOSS = "val_loss.npy";
    private static final String META = "meta.properties";
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

    public double trainSeconds() {
        return trainSeconds;
    }

    /** Class probabilities for raw (unstandardized) features. */
    public FloatMatrix probabilities(FloatMatrix x) {
        return NdArrays.toFloatMatrix(output(x));
    }

    /** The most probable class per row of raw (unstandardized) features. */
    public int[] predict(FloatMatrix x) {
        INDArray argMax = Nd4j.argMax(output(x), 1);
        int[] out = new int[x.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = argMax.getInt(i);
        }
        return out;
    }

    private INDArray output(FloatMatrix x) {
        INDArray in = NdArrays.toFloatArray(standardizer.apply(x));
        if (x.rows() <= PREDICT_CHUNK) {
            return network.output(in, false);
        }
        INDArray[] chunks = new INDArray[(x.rows() + PREDICT_CHUNK - 1) / PREDICT_CHUNK];
        for (int i = 0; i < chunks.length; i++) {
            int from = i * PREDICT_CHUNK;
            int to = Math.min(x.rows(), from + PREDICT_CHUNK);
            chunks[i] = network.output(in.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), false);
        }
        return Nd4j.vstack(chunks);
    }

    /** A zip: the DL4J model (ModelSerializer, with updater), the standardizer, loss curves and metadata. */
    public byte[] toBytes() {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, model, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MODEL, model.toByteArray());
        entries.put(STANDARDIZER, standardizer.toBytes());
        entries.put(TRAIN_LOSS, Npy.writeDoubles(trainLoss));
        entries.put(VAL_LOSS, Npy.writeDoubles(valLoss));
        String meta = "epochs=" + epochs + "\nbestEpoch=" + bestEpoch + "\ntrainSeconds=" + trainSeconds + "\n";
        entries.put(META, meta.getBytes(StandardCharsets.ISO_8859_1));
        return ZipEntries.write(entries);
    }

    public static TrainedClassifier fromBytes(byte[] bytes) {
        Map<String, byte[]> entries = ZipEntries.read(bytes);
        String what = "trained classifier";
        MultiLayerNetwork net;
        Properties meta = new Properties();
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(ZipEntries.require(entries, MODEL, what)), true);
            meta.load(new StringReader(new String(ZipEntries.require(entries, META, what),
                    StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot restore " + what, e);
        }
        return new TrainedClassifier(net,
                Standardizer.fromBytes(ZipEntries.require(entries, STANDARDIZER, what)),
                Integer.parseInt(meta.getProperty("epochs")),
                Integer.parseInt(meta.getProperty("bestEpoch")),
                Npy.readDoubles(ZipEntries.require(entries, TRAIN_LOSS, what)),
                Npy.readDoubles(ZipEntries.require(entries, VAL_LOSS, what)),
                Double.parseDouble(meta.getProperty("trainSeconds")));
    }
}
