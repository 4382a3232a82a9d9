package io.latentlab.ml.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Small networks of the study's kinds and seeded data for them. */
final class TestNets {

    private TestNets() {
    }

    static NeuralNetConfiguration.ListBuilder builder(DataType dataType) {
        return new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(dataType)
                .updater(new Adam(0.001))
                .weightInit(WeightInit.XAVIER)
                .list();
    }

    /** Sigmoid hidden layers, softmax + MCXENT output. */
    static MultiLayerNetwork classifier(DataType dataType, int inputs, int classes, int... hidden) {
        return classifier(dataType, Activation.SIGMOID, inputs, classes, hidden);
    }

    static MultiLayerNetwork classifier(DataType dataType, Activation hiddenActivation, int inputs, int classes, int... hidden) {
        NeuralNetConfiguration.ListBuilder list = builder(dataType);
        int width = inputs;
        for (int h : hidden) {
            list.layer(new DenseLayer.Builder().nIn(width).nOut(h).activation(hiddenActivation).build());
            width = h;
        }
        list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(width).nOut(classes).activation(Activation.SOFTMAX).build());
        return init(list);
    }

    /** Sigmoid hidden layers, sigmoid + MSE output as wide as the input. */
    static MultiLayerNetwork autoencoder(DataType dataType, int inputs, int... hidden) {
        NeuralNetConfiguration.ListBuilder list = builder(dataType);
        int width = inputs;
        for (int h : hidden) {
            list.layer(new DenseLayer.Builder().nIn(width).nOut(h).activation(Activation.SIGMOID).build());
            width = h;
        }
        list.layer(new OutputLayer.Builder(LossFunction.MSE).nIn(width).nOut(inputs).activation(Activation.SIGMOID).build());
        return init(list);
    }

    static MultiLayerNetwork init(NeuralNetConfiguration.ListBuilder list) {
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    static INDArray uniform(DataType dataType, long seed, int rows, int cols) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(dataType, rows, cols);
    }

    static INDArray oneHot(DataType dataType, long seed, int rows, int classes) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        INDArray y = Nd4j.zeros(dataType, rows, classes);
        for (int r = 0; r < rows; r++) {
            y.putScalar(r, random.nextInt(classes), 1.0);
        }
        return y;
    }
}
