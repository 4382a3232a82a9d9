package io.latentlab.ml.infer;

import io.latentlab.ml.nd4j.NdArrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of dense layers copied out of a trained DL4J network, evaluated one row at a time in plain Java. For a
 * single image DL4J spends far longer creating native arrays and ops than multiplying: the model server answers
 * an image against 60 networks with these instead (no native memory, no locks: immutable, thread-safe).
 * The study's networks use sigmoid hidden layers and a sigmoid or softmax output; other activations are refused.
 */
public final class DenseStack {

    private enum Activation { IDENTITY, SIGMOID, SOFTMAX }

    /** weights: nIn × nOut, row-major (one input's weights to every output are contiguous). */
    private record Dense(int in, int out, float[] weights, float[] bias, Activation activation) {

        float[] apply(float[] x) {
            float[] z = bias.clone();
            for (int i = 0; i < in; i++) {
                float xi = x[i];
                if (xi == 0f) {
                    continue; // most of a digit's pixels are 0
                }
                int row = i * out;
                for (int j = 0; j < out; j++) {
                    z[j] += xi * weights[row + j];
                }
            }
            switch (activation) {
                case SIGMOID -> {
                    for (int j = 0; j < out; j++) {
                        z[j] = (float) (1.0 / (1.0 + Math.exp(-z[j])));
                    }
                }
                case SOFTMAX -> softmax(z);
                case IDENTITY -> { }
            }
            return z;
        }

        private static void softmax(float[] z) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            double[] e = new double[z.length];
            for (int j = 0; j < z.length; j++) {
                e[j] = Math.exp(z[j] - max);
                sum += e[j];
            }
            for (int j = 0; j < z.length; j++) {
                z[j] = (float) (e[j] / sum);
            }
        }
    }

    private final List<Dense> layers;

    private DenseStack(List<Dense> layers) {
        this.layers = List.copyOf(layers);
    }

    /** Layers {@code from} (inclusive) to {@code to} (exclusive) of the network. */
    public static DenseStack of(MultiLayerNetwork network, int from, int to) {
        if (from < 0 || to > network.getnLayers() || from >= to) {
            throw new IllegalArgumentException("layers " + from + ".." + to + " of a network of " + network.getnLayers());
        }
        List<Dense> layers = new ArrayList<>();
        for (int l = from; l < to; l++) {
            Layer layer = network.getLayer(l);
            if (!(layer.conf().getLayer() instanceof BaseLayer conf) || layer.getParam("W") == null) {
                throw new IllegalArgumentException("layer " + l + " is not a dense layer: " + layer.getClass().getSimpleName());
            }
            float[] weights = NdArrays.toFloatMatrix(layer.getParam("W")).data();
            float[] bias = NdArrays.toFloatMatrix(layer.getParam("b").reshape(1, -1)).data();
            layers.add(new Dense(weights.length / bias.length, bias.length, weights, bias, activation(conf.getActivationFn(), l)));
        }
        return new DenseStack(layers);
    }

    public int inputSize() {
        return layers.get(0).in();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).out();
    }

    /** One row through every layer. */
    public float[] apply(float[] row) {
        if (row.length != inputSize()) {
            throw new IllegalArgumentException("expected " + inputSize() + " values, got " + row.length);
        }
        float[] a = row;
        for (Dense layer : layers) {
            a = layer.apply(a);
        }
        return a;
    }

    private static Activation activation(IActivation fn, int layer) {
        if (fn instanceof ActivationSigmoid) {
            return Activation.SIGMOID;
        }
        if (fn instanceof ActivationSoftmax) {
            return Activation.SOFTMAX;
        }
        if (fn instanceof ActivationIdentity) {
            return Activation.IDENTITY;
        }
        throw new IllegalArgumentException("layer " + layer + ": activation " + fn + " is not supported");
    }
}
