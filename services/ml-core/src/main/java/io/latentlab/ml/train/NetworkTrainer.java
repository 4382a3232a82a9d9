package io.latentlab.ml.train;

import io.latentlab.ml.classify.EpochListener;
import io.latentlab.ml.classify.TrainingCancelledException;
import io.latentlab.ml.classify.TrainingConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The study's training loop for every network (classifiers and autoencoders): minibatches of a
 * seeded permutation (pulled rows, not {@code DataSet.shuffle()}), validation loss after each epoch,
 * early stopping with patience, the best epoch's parameters restored at the end.
 */
public final class NetworkTrainer {

    private NetworkTrainer() {
    }

    /** Trains with the configured step ({@link Steps#configured()}: lean by default). */
    public static TrainingOutcome train(MultiLayerNetwork net, TrainingData train, TrainingData val,
                                        TrainingConfig cfg, EpochListener listener) {
        return train(net, Steps.configured(), train, val, cfg, listener);
    }

    public static TrainingOutcome train(MultiLayerNetwork net, Function<MultiLayerNetwork, BatchStep> stepFactory,
                                        TrainingData train, TrainingData val, TrainingConfig cfg, EpochListener listener) {
        long start = System.nanoTime();
        BatchStep step = stepFactory.apply(net);
        DataSet valSet = new DataSet(val.x(), val.y());
        int n = train.rows();
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
            INDArray xs = Nd4j.pullRows(train.x(), 1, order);
            INDArray ys = Nd4j.pullRows(train.y(), 1, order);
            double lossSum = 0;
            for (int from = 0; from < n; from += cfg.batchSize()) {
                if (listener.cancelled()) {
                    throw new TrainingCancelledException(epoch);
                }
                int to = Math.min(n, from + cfg.batchSize());
                lossSum += step.step(xs.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                        ys.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())) * (to - from);
            }
            // the shuffled copies are large (rows x 784 floats): free them now rather than when the GC
            // gets round to it, or off-heap memory of a long training grows far beyond the Java heap
            xs.close();
            if (ys != xs) {
                ys.close();
            }
            trainLoss[epoch - 1] = lossSum / n;
            valLoss[epoch - 1] = net.score(valSet);
            if (valLoss[epoch - 1] < bestValLoss) {
                bestValLoss = valLoss[epoch - 1];
                bestEpoch = epoch;
                bestParams.close();
                bestParams = net.params().dup();
            }
            listener.onEpoch(epoch, cfg.maxEpochs(), trainLoss[epoch - 1], valLoss[epoch - 1]);
            if (epoch - bestEpoch >= cfg.patience()) {
                break;
            }
        }
        step.finish();
        net.setParams(bestParams);
        return new TrainingOutcome(epoch, bestEpoch, Arrays.copyOf(trainLoss, epoch), Arrays.copyOf(valLoss, epoch),
                (System.nanoTime() - start) / 1e9);
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
