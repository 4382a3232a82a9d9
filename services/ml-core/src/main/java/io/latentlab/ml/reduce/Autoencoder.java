package io.latentlab.ml.reduce;

import io.latentlab.ml.classify.EpochListener;
import io.latentlab.ml.classify.TrainingConfig;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.io.ZipEntries;
import io.latentlab.ml.nd4j.NdArrays;
import io.latentlab.ml.train.NetworkTrainer;
import io.latentlab.ml.train.TrainingData;
import io.latentlab.ml.train.TrainingOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The study's autoencoders: sigmoid dense layers around a middle code layer, a sigmoid output as wide
 * as the input, MSE loss, Adam, early stopping on validation MSE. The denoising variant is the same
 * network trained with noisy inputs and clean targets.
 */
public final class Autoencoder implements Reducer {
    private static final String MODEL = "model.zip";
    private static final String TRAIN_LOSS = "train_loss.npy";
    private static final String VAL_LOSS = "val_loss.npy";
    private static final String META = "meta.properties";

    private final MultiLayerNetwork network;
    private final int codeLayer;
    private final TrainingOutcome outcome;

    private Autoencoder(MultiLayerNetwork network, int codeLayer, TrainingOutcome outcome) {
        this.network = network;
        this.codeLayer = codeLayer;
        this.outcome = outcome;
    }

    /** One hidden layer: input → k → input. */
    public static int[] oneHidden(int k) {
        return new int[] {k};
    }

    /** Three hidden layers: input → 400 → k → 400 → input. */
    public static int[] threeHidden(int k) {
        return new int[] {400, k, 400};
    }

    /**
     * Trains input → hidden... → target width. The code is the middle hidden layer, so {@code hidden}
     * must have odd length. For a plain autoencoder pass the same matrix as input and target.
     */
    public static Autoencoder train(FloatMatrix trainInput, FloatMatrix trainTarget, FloatMatrix valInput,
            FloatMatrix valTarget, int[] hidden, TrainingConfig cfg, EpochListener listener) {
        requireSameShape(trainInput, trainTarget, "training input and target");
        requireSameShape(valInput, valTarget, "validation input and target");
        if (trainInput.cols() != valInput.cols()) {
            throw new IllegalArgumentException("train has " + trainInput.cols() + " columns, val " + valInput.cols());
        }
        MultiLayerNetwork net = buildNetwork(trainInput.cols(), hidden, cfg);
        TrainingOutcome outcome = NetworkTrainer.train(net,
                new TrainingData(NdArrays.toFloatArray(trainInput), NdArrays.toFloatArray(trainTarget)),
                new TrainingData(NdArrays.toFloatArray(valInput), NdArrays.toFloatArray(valTarget)),
                cfg, listener);
        return new Autoencoder(net, hidden.length / 2, outcome);
    }

    static MultiLayerNetwork buildNetwork(int width, int[] hidden, TrainingConfig cfg) {
        if (width < 1 || hidden.length == 0 || hidden.length % 2 == 0) {
            throw new IllegalArgumentException("need a positive input width and an odd number of hidden layers,"
                    + " got width " + width + " and " + hidden.length + " hidden layers");
        }
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(cfg.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .list();
        int in = width;
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden width must be positive, got " + h);
            }
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.SIGMOID).build());
            in = h;
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nIn(in).nOut(width).activation(Activation.SIGMOID).build());
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        return net;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    /** Index of the code layer among the network's layers (0 = first hidden layer). */
    public int codeLayerIndex() {
        return codeLayer;
    }

    public int inputSize() {
        return (int) network.layerInputSize(0);
    }

    @Override
    public int codeSize() {
        return (int) network.layerSize(codeLayer);
    }

    public TrainingOutcome outcome() {
        return outcome;
    }

    /** The code layer's activations. */
    @Override
    public FloatMatrix encode(FloatMatrix x) {
        requireCols(x, inputSize(), "encode");
        // Index 0 of the list is the input itself.
        return NdArrays.toFloatMatrix(network.feedForwardToLayer(codeLayer, NdArrays.toFloatArray(x), false)
                .get(codeLayer + 1));
    }

    /** The layers after the code layer applied to codes. */
    @Override
    public FloatMatrix decode(FloatMatrix codes) {
        requireCols(codes, codeSize(), "decode");
        // Layer by layer: activateSelectedLayers rejects a range of one layer (the one-hidden-layer decoder).
        INDArray activations = NdArrays.toFloatArray(codes);
        for (int layer = codeLayer + 1; layer < network.getnLayers(); layer++) {
            activations = network.getLayer(layer).activate(activations, false, LayerWorkspaceMgr.noWorkspaces());
        }
        return NdArrays.toFloatMatrix(activations);
    }

    /** The full forward pass. */
    public FloatMatrix reconstruct(FloatMatrix x) {
        requireCols(x, inputSize(), "reconstruct");
        return NdArrays.toFloatMatrix(network.output(NdArrays.toFloatArray(x), false));
    }

    /** The first layer's weights, one row per hidden unit: row u = unit u's input weights. */
    public FloatMatrix encoderWeights() {
        return NdArrays.toFloatMatrix(network.getLayer(0).getParam("W").transpose());
    }

    /** A zip: the DL4J model (ModelSerializer, with updater), the loss curves and metadata. */
    public byte[] toBytes() {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, model, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MODEL, model.toByteArray());
        entries.put(TRAIN_LOSS, Npy.writeDoubles(outcome.trainLoss()));
        entries.put(VAL_LOSS, Npy.writeDoubles(outcome.valLoss()));
        String meta = "codeLayer=" + codeLayer + "\nepochs=" + outcome.epochs() + "\nbestEpoch="
                + outcome.bestEpoch() + "\nseconds=" + outcome.seconds() + "\n";
        entries.put(META, meta.getBytes(StandardCharsets.ISO_8859_1));
        return ZipEntries.write(entries);
    }

    public static Autoencoder fromBytes(byte[] bytes) {
        Map<String, byte[]> entries = ZipEntries.read(bytes);
        String what = "autoencoder";
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
        int codeLayer = Integer.parseInt(meta.getProperty("codeLayer"));
        if (codeLayer < 0 || codeLayer >= net.getnLayers() - 1) {
            throw new IllegalArgumentException("corrupt autoencoder: code layer " + codeLayer + " of "
                    + net.getnLayers() + " layers");
        }
        TrainingOutcome outcome = new TrainingOutcome(
                Integer.parseInt(meta.getProperty("epochs")),
                Integer.parseInt(meta.getProperty("bestEpoch")),
                Npy.readDoubles(ZipEntries.require(entries, TRAIN_LOSS, what)),
                Npy.readDoubles(ZipEntries.require(entries, VAL_LOSS, what)),
                Double.parseDouble(meta.getProperty("seconds")));
        return new Autoencoder(net, codeLayer, outcome);
    }

    private static void requireSameShape(FloatMatrix a, FloatMatrix b, String what) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(what + " differ in shape: " + a.rows() + "x" + a.cols() + " vs "
                    + b.rows() + "x" + b.cols());
        }
    }

    private static void requireCols(FloatMatrix m, int expected, String op) {
        if (m.cols() != expected) {
            throw new IllegalArgumentException(op + ": expected " + expected + " columns, got " + m.cols());
        }
    }
}
