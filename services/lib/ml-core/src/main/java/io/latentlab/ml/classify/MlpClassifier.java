package io.latentlab.ml.classify;

import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.nd4j.NdArrays;
import io.latentlab.ml.train.NetworkTrainer;
import io.latentlab.ml.train.StudyNetworks;
import io.latentlab.ml.train.TrainingData;
import io.latentlab.ml.train.TrainingOutcome;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The study's classifier: sigmoid hidden layers, softmax output, cross-entropy, Adam, standardized
 * inputs, early stopping on validation loss with the best epoch's weights restored.
 */
public final class MlpClassifier {
    private MlpClassifier() {
    }

    /** The study's hidden widths. */
    public static final int[] A1 = {512, 256, 256};
    public static final int[] A2 = {512, 512, 512};
    public static final int[] A3 = {512, 256, 128, 64};

    public static MultiLayerNetwork buildNetwork(int inputs, int numClasses, int[] hidden, TrainingConfig cfg) {
        if (inputs < 1 || numClasses < 2 || hidden.length == 0) {
            throw new IllegalArgumentException("need inputs >= 1, at least 2 classes and a hidden layer");
        }
        NeuralNetConfiguration.ListBuilder layers = StudyNetworks.layers(cfg);
        int width = inputs;
        for (int h : hidden) {
            layers.layer(new DenseLayer.Builder().nIn(width).nOut(h).activation(Activation.SIGMOID).build());
            width = h;
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(width).nOut(numClasses).activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    public static TrainedClassifier train(LabeledData train, LabeledData val, int numClasses, int[] hidden,
            TrainingConfig cfg, EpochListener listener) {
        if (train.size() == 0 || val.size() == 0) {
            throw new IllegalArgumentException("train and validation sets must not be empty");
        }
        if (train.x().cols() != val.x().cols()) {
            throw new IllegalArgumentException("train has " + train.x().cols() + " features, val "
                    + val.x().cols());
        }
        Standardizer standardizer = Standardizer.fit(train.x());
        MultiLayerNetwork net = buildNetwork(train.x().cols(), numClasses, hidden, cfg);
        TrainingOutcome outcome;
        try (TrainingData trainData = new TrainingData(NdArrays.toFloatArray(standardizer.apply(train.x())),
                NdArrays.oneHot(train.y(), numClasses));
             TrainingData valData = new TrainingData(NdArrays.toFloatArray(standardizer.apply(val.x())),
                     NdArrays.oneHot(val.y(), numClasses))) {
            outcome = NetworkTrainer.train(net, trainData, valData, cfg, listener);
        }
        // the training loop's own time: not the standardizing before it, nor a wait for a training slot
        return new TrainedClassifier(net, standardizer, outcome.epochs(), outcome.bestEpoch(),
                outcome.trainLoss(), outcome.valLoss(), outcome.seconds());
    }
}
