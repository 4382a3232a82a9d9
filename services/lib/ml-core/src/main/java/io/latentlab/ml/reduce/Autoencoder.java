package io.latentlab.ml.reduce;

import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.nd4j.NdArrays;
import io.latentlab.ml.train.NetworkArchive;
import io.latentlab.ml.train.NetworkTrainer;
import io.latentlab.ml.train.StudyNetworks;
import io.latentlab.ml.train.TrainingData;
import io.latentlab.ml.train.TrainingOutcome;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The study's autoencoders: sigmoid dense layers around a middle code layer, a sigmoid output as wide
 * as the input, MSE loss, Adam, early stopping on validation MSE. The denoising variant is the same
 * network trained with noisy inputs and clean targets.
 */
public final class Autoencoder implements Reducer {
    private static final String CODE_LAYER = "codeLayer";

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
        try (TrainingData train = trainingData(trainInput, trainTarget); TrainingData val = trainingData(valInput, valTarget)) {
            TrainingOutcome outcome = NetworkTrainer.train(net, train, val, cfg, listener);
            return new Autoencoder(net, hidden.length / 2, outcome);
        }
    }

    /** A plain autoencoder's input is its target: one array for both, so the trainer shuffles one copy. */
    private static TrainingData trainingData(FloatMatrix input, FloatMatrix target) {
        INDArray x = NdArrays.toFloatArray(input);
        return new TrainingData(x, input == target ? x : NdArrays.toFloatArray(target));
    }

    static MultiLayerNetwork buildNetwork(int width, int[] hidden, TrainingConfig cfg) {
        if (width < 1 || hidden.length == 0 || hidden.length % 2 == 0) {
            throw new IllegalArgumentException("need a positive input width and an odd number of hidden layers,"
                    + " got width " + width + " and " + hidden.length + " hidden layers");
        }
        NeuralNetConfiguration.ListBuilder layers = StudyNetworks.layers(cfg);
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

    /**
     * A zip: the DL4J model (ModelSerializer, with updater), the loss curves, the code layer; the same
     * training gives the same bytes (a restored outcome reports 0 seconds).
     */
    public byte[] toBytes() {
        Properties properties = new Properties();
        properties.setProperty(CODE_LAYER, Integer.toString(codeLayer));
        return new NetworkArchive(network, outcome, properties, Map.of()).toBytes();
    }

    public static Autoencoder fromBytes(byte[] bytes) {
        return fromBytes(bytes, true);
    }

    /** @param withUpdater false for an autoencoder that only encodes and decodes (no Adam moments in memory) */
    public static Autoencoder fromBytes(byte[] bytes, boolean withUpdater) {
        NetworkArchive archive = NetworkArchive.fromBytes(bytes, "autoencoder", withUpdater);
        MultiLayerNetwork net = archive.network();
        int codeLayer = Integer.parseInt(archive.properties().getProperty(CODE_LAYER, "-1"));
        if (codeLayer < 0 || codeLayer >= net.getnLayers() - 1) {
            throw new IllegalArgumentException("corrupt autoencoder: code layer " + codeLayer + " of "
                    + net.getnLayers() + " layers");
        }
        return new Autoencoder(net, codeLayer, archive.outcome());
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
