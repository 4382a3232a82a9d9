package io.latentlab.ml.train;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LeanStep} can train, read from a network's configuration: dense layers with sigmoid or
 * identity activation, then a softmax + MCXENT or sigmoid + MSE output layer, all trained by one
 * constant-rate Adam, no regularization, dropout, weight noise or gradient normalization.
 * Anything else is refused with an {@link IllegalArgumentException} naming it.
 */
record LeanLayout(List<Dense> layers, Loss loss, double softmaxClipEps, Adam adam, DataType dataType) {

    enum Activation { SIGMOID, IDENTITY, SOFTMAX }

    enum Loss { MCXENT, MSE }

    /** One fully connected layer: {@code out = activation(in · W + b)}. */
    record Dense(int nIn, int nOut, Activation activation) {
        long paramCount() {
            return (long) nIn * nOut + nOut;
        }
    }

    static LeanLayout of(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (conf.getBackpropType() != BackpropType.Standard) {
            throw unsupported("backprop type " + conf.getBackpropType());
        }
        if (conf.getInputPreProcessors() != null && !conf.getInputPreProcessors().isEmpty()) {
            throw unsupported("input preprocessors " + conf.getInputPreProcessors());
        }
        DataType dataType = net.params().dataType();
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw unsupported("data type " + dataType);
        }
        int n = conf.getConfs().size();
        List<Dense> layers = new ArrayList<>();
        Adam adam = null;
        Loss loss = null;
        double clipEps = 0;
        for (int i = 0; i < n; i++) {
            if (!conf.getConf(i).isMiniBatch()) {
                throw unsupported("miniBatch(false) (gradient not divided by the minibatch size)");
            }
            Layer layer = conf.getConf(i).getLayer();
            boolean last = i == n - 1;
            Class<?> expected = last ? OutputLayer.class : DenseLayer.class;
            if (layer.getClass() != expected) {
                throw unsupported("layer " + i + " is a " + layer.getClass().getSimpleName() + ", expected "
                        + expected.getSimpleName() + (last ? " as the last layer" : ""));
            }
            BaseLayer base = (BaseLayer) layer;
            checkPlain(i, base);
            Adam layerAdam = adamOf(i, base);
            if (adam != null && !adam.equals(layerAdam)) {
                throw unsupported("different Adam settings per layer (" + adam + " vs " + layerAdam + ")");
            }
            adam = layerAdam;
            int nIn = (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer).getNIn();
            int nOut = (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer).getNOut();
            if (last) {
                OutputLayer out = (OutputLayer) layer;
                if (!out.hasBias()) {
                    throw unsupported("output layer without bias");
                }
                loss = lossOf(out.getLossFn(), out.getActivationFn());
                clipEps = loss == Loss.MCXENT ? ((LossMCXENT) out.getLossFn()).getSoftmaxClipEps() : 0;
                layers.add(new Dense(nIn, nOut, loss == Loss.MCXENT ? Activation.SOFTMAX : Activation.SIGMOID));
            } else {
                DenseLayer dense = (DenseLayer) layer;
                if (!dense.hasBias() || dense.hasLayerNorm()) {
                    throw unsupported("layer " + i + ": dense layer without bias or with layer norm");
                }
                layers.add(new Dense(nIn, nOut, hiddenActivation(i, base.getActivationFn())));
            }
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).nIn() != layers.get(i - 1).nOut()) {
                throw unsupported("layer " + i + " takes " + layers.get(i).nIn() + " inputs, layer " + (i - 1)
                        + " gives " + layers.get(i - 1).nOut());
            }
        }
        return new LeanLayout(List.copyOf(layers), loss, clipEps, adam, dataType);
    }

    long paramCount() {
        return layers.stream().mapToLong(Dense::paramCount).sum();
    }

    private static void checkPlain(int i, BaseLayer layer) {
        if (layer.getIDropout() != null) {
            throw unsupported("layer " + i + ": dropout " + layer.getIDropout());
        }
        if (layer.getWeightNoise() != null) {
            throw unsupported("layer " + i + ": weight noise " + layer.getWeightNoise());
        }
        if (layer.getGradientNormalization() != null && layer.getGradientNormalization() != GradientNormalization.None) {
            throw unsupported("layer " + i + ": gradient normalization " + layer.getGradientNormalization());
        }
        if (!layer.getRegularization().isEmpty() || !layer.getRegularizationBias().isEmpty()) {
            throw unsupported("layer " + i + ": regularization " + layer.getRegularization() + " / bias "
                    + layer.getRegularizationBias());
        }
    }

    private static Adam adamOf(int i, BaseLayer layer) {
        IUpdater w = layer.getUpdaterByParam("W");
        IUpdater b = layer.getUpdaterByParam("b");
        if (!(w instanceof Adam adam) || !w.equals(b)) {
            throw unsupported("layer " + i + ": updater " + w + " (weights) / " + b + " (bias); only one Adam for both");
        }
        if (adam.getLearningRateSchedule() != null) {
            throw unsupported("layer " + i + ": learning-rate schedule " + adam.getLearningRateSchedule());
        }
        return adam;
    }

    private static Activation hiddenActivation(int i, IActivation fn) {
        if (fn instanceof ActivationSigmoid) {
            return Activation.SIGMOID;
        }
        if (fn instanceof ActivationIdentity) {
            return Activation.IDENTITY;
        }
        throw unsupported("layer " + i + ": activation " + fn + " (only sigmoid or identity)");
    }

    private static Loss lossOf(ILossFunction fn, IActivation activation) {
        if (fn instanceof LossMCXENT mcxent && mcxent.getWeights() == null && activation instanceof ActivationSoftmax) {
            return Loss.MCXENT;
        }
        if (fn instanceof LossMSE mse && mse.getWeights() == null && activation instanceof ActivationSigmoid) {
            return Loss.MSE;
        }
        throw unsupported("output " + activation + " with loss " + fn
                + " (only softmax + MCXENT or sigmoid + MSE, unweighted)");
    }

    private static IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException("LeanStep does not support " + what);
    }
}
