package io.latentlab.ml.classify;

import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.nd4j.NdArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
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
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(cfg.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .list();
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
        long start = System.nanoTime();
        Standardizer standardizer = Standardizer.fit(train.x());
        INDArray trainX = NdArrays.toFloatArray(standardizer.apply(train.x()));
        INDArray trainY = NdArrays.oneHot(train.y(), numClasses);
        DataSet valSet = new DataSet(NdArrays.toFloatArray(standardizer.apply(val.x())),
                NdArrays.oneHot(val.y(), numClasses));
        MultiLayerNetwork net = buildNetwork(train.x().cols(), numClasses, hidden, cfg);

        int n = train.size();
        int[] order = identity(n);
        SplittableRandom shuffleRandom = new SplittableRandom(cfg.seed());
        double[] trainLoss = new double[cfg.maxEpochs()];
        double[] valLoss = new double[cfg.maxEpochs()];
        double bestValLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        INDArray bestParams = net.params().dup();
        int epoch = 0;
        while (epoch < cfg.maxEpochs()) {
            epoch++;
            shuffle(order, shuffleRandom);
            INDArray xs = Nd4j.pullRows(trainX, 1, order);
            INDArray ys = Nd4j.pullRows(trainY, 1, order);
            double lossSum = 0;
            for (int from = 0; from < n; from += cfg.batchSize()) {
                if (listener.cancelled()) {
                    throw new TrainingCancelledException(epoch);
                }
                int to = Math.min(n, from + cfg.batchSize());
                net.fit(new DataSet(
                        xs.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                        ys.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
                lossSum += net.score() * (to - from); // loss of this batch before its update
            }
            trainLoss[epoch - 1] = lossSum / n;
            valLoss[epoch - 1] = net.score(valSet);
            if (valLoss[epoch - 1] < bestValLoss) {
                bestValLoss = valLoss[epoch - 1];
                bestEpoch = epoch;
                bestParams = net.params().dup();
            }
            listener.onEpoch(epoch, cfg.maxEpochs(), trainLoss[epoch - 1], valLoss[epoch - 1]);
            if (epoch - bestEpoch >= cfg.patience()) {
                break;
            }
        }
        net.setParams(bestParams);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainedClassifier(net, standardizer, epoch, bestEpoch,
                Arrays.copyOf(trainLoss, epoch), Arrays.copyOf(valLoss, epoch), seconds);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
