package io.latentlab.ml.bench;

import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.train.CheckpointBench;
import io.latentlab.ml.train.LeanStep;
import io.latentlab.ml.train.NativeThreads;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.function.DoubleSupplier;

import static io.latentlab.ml.bench.BenchData.median;
import static io.latentlab.ml.bench.BenchData.oneHot;
import static io.latentlab.ml.bench.BenchData.uniform;

/**
 * The validation loss after each epoch, as the trainer took it before ({@code net.score(DataSet)}, DL4J) and as
 * it takes it now ({@link LeanStep#score}), on the seed profile's validation split (3 795 rows) for AE-3 k=256
 * and MLP A2 on raw pixels, interleaved round by round on one core. Arguments: [rounds] (default 7).
 */
public final class ValidationScoreBench {

    private static final int VAL_ROWS = 759 * 5;

    private ValidationScoreBench() {
    }

    public static void main(String[] args) {
        NativeThreads.pinToOne();
        run(args.length > 0 ? Integer.parseInt(args[0]) : 7);
    }

    public static void run(int rounds) {
        TrainingConfig cfg = TrainingConfig.study(42);
        System.out.printf(Locale.ROOT, "validation loss per epoch, %s; %d rows, median of %d rounds%n",
                NativeThreads.describe(), VAL_ROWS, rounds);
        INDArray images = uniform(3, VAL_ROWS, 784);
        measure("AE-3 k=256", CheckpointBench.autoencoder3(256, cfg), images, images, rounds);
        measure("MLP A2 784", MlpClassifier.buildNetwork(784, 5, MlpClassifier.A2, cfg),
                Nd4j.randn(DataType.FLOAT, VAL_ROWS, 784), oneHot(VAL_ROWS, 5), rounds);
    }

    private static void measure(String name, MultiLayerNetwork net, INDArray x, INDArray y, int rounds) {
        LeanStep lean = new LeanStep(net);
        DataSet set = new DataSet(x, y);
        double[] dl4j = new double[rounds];
        double[] leanSeconds = new double[rounds];
        double dl4jLoss = 0;
        double leanLoss = 0;
        for (int r = -1; r < rounds; r++) {
            double[] loss = new double[2];
            double a = seconds(() -> loss[0] = net.score(set));
            double b = seconds(() -> loss[1] = lean.score(x, y));
            if (r >= 0) {
                dl4j[r] = a;
                leanSeconds[r] = b;
            }
            dl4jLoss = loss[0];
            leanLoss = loss[1];
        }
        System.out.printf(Locale.ROOT, "%-11s DL4J score %.1f ms, lean score %.1f ms: %.2fx; losses %.6f vs %.6f%n",
                name, median(dl4j) * 1e3, median(leanSeconds) * 1e3, median(dl4j) / median(leanSeconds), dl4jLoss, leanLoss);
    }

    private static double seconds(DoubleSupplier work) {
        long start = System.nanoTime();
        work.getAsDouble();
        return (System.nanoTime() - start) / 1e9;
    }
}
