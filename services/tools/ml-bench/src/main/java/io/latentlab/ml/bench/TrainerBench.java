package io.latentlab.ml.bench;

import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.train.BatchStep;
import io.latentlab.ml.train.CheckpointBench;
import io.latentlab.ml.train.FitStep;
import io.latentlab.ml.train.LeanStep;
import io.latentlab.ml.train.NativeThreads;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static io.latentlab.ml.bench.BenchData.median;
import static io.latentlab.ml.bench.BenchData.oneHot;
import static io.latentlab.ml.bench.BenchData.uniform;

/**
 * Per-epoch time of fit() vs LeanStep on AE-256 (784-256-784, sigmoid, MSE) and MLP A1
 * (256 → 512-256-256 → 5 softmax), 356 batches of 32 on seeded synthetic data, and the AE's gemm
 * floor: only the 5 products per batch its maths needs (forward X·W1, H·W2; backward Hᵀ·D2, D2·W2ᵀ,
 * Xᵀ·D1). Within each round the measurements interleave an eighth of an epoch at a time, so that load
 * from other processes hits all alike; the speedups use each measurement's best round (the least
 * disturbed on a shared machine), medians are printed too. Then what a training checkpoint costs
 * against an epoch ({@link CheckpointBench}) and the validation loss DL4J's way and the lean way
 * ({@link ValidationScoreBench}). Arguments: [rounds] (default 5).
 */
public final class TrainerBench {

    private static final int BATCH = 32;
    private static final int BATCHES = 356;
    private static final int ROWS = BATCH * BATCHES;
    private static final int SLICES = 8;

    private TrainerBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        NativeThreads.pinToOne();
        INDArray images = uniform(1, ROWS, 784);
        INDArray features = Nd4j.randn(DataType.FLOAT, ROWS, 256);
        INDArray labels = oneHot(ROWS, 5);
        MultiLayerNetwork ae = autoencoder256();
        MultiLayerNetwork mlp = MlpClassifier.buildNetwork(256, 5, MlpClassifier.A1, TrainingConfig.study(42));
        List<INDArray[]> aeBatches = batches(images, images);
        List<INDArray[]> mlpBatches = batches(features, labels);
        GemmFloor floor = new GemmFloor(BATCH, 784, 256);
        System.out.printf(Locale.ROOT, "threads: %s; %d batches of %d; %d rounds after warm-up%n",
                NativeThreads.describe(), BATCHES, BATCH, rounds);

        double[][] times = new double[5][rounds];
        String[] names = {"AE-256 fit", "AE-256 lean", "AE-256 gemm floor", "MLP-A1 fit", "MLP-A1 lean"};
        for (int round = -1; round < rounds; round++) {
            double[] t = epoch(List.of(
                    training(FitStep::new, ae, aeBatches),
                    training(LeanStep::new, ae, aeBatches),
                    (from, to) -> floor.seconds(to - from),
                    training(FitStep::new, mlp, mlpBatches),
                    training(LeanStep::new, mlp, mlpBatches)));
            String label = round < 0 ? "warm-up" : "round " + (round + 1);
            StringBuilder line = new StringBuilder(label + ":");
            for (int i = 0; i < t.length; i++) {
                line.append(String.format(Locale.ROOT, "  %s %.3f s", names[i], t[i]));
                if (round >= 0) {
                    times[i][round] = t[i];
                }
            }
            System.out.println(line);
        }
        double[] median = Arrays.stream(times).mapToDouble(BenchData::median).toArray();
        double[] best = Arrays.stream(times).mapToDouble(t -> Arrays.stream(t).min().orElseThrow()).toArray();
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "%-18s best %.3f s/epoch, median %.3f s/epoch%n", names[i], best[i], median[i]);
        }
        System.out.printf(Locale.ROOT, "medians: speedup lean/fit: AE=%.2f MLP=%.2f; lean/floor: AE=%.2f%n",
                median[0] / median[1], median[3] / median[4], median[1] / median[2]);
        System.out.printf(Locale.ROOT, "speedup lean/fit: AE=%.2f MLP=%.2f; lean/floor: AE=%.2f%n",
                best[0] / best[1], best[3] / best[4], best[1] / best[2]);
        CheckpointBench.run(rounds);
        ValidationScoreBench.run(rounds);
    }

    /**
     * One epoch of every measurement, interleaved slice by slice (an eighth of the batches each), so
     * that a burst of load from elsewhere hits all of them alike. Returns seconds per epoch.
     */
    private static double[] epoch(List<Timed> measured) {
        double[] seconds = new double[measured.size()];
        for (int slice = 0; slice < SLICES; slice++) {
            int from = slice * BATCHES / SLICES;
            int to = (slice + 1) * BATCHES / SLICES;
            for (int i = 0; i < measured.size(); i++) {
                seconds[i] += measured.get(i).seconds(from, to);
            }
        }
        return seconds;
    }

    /** Seconds for batches {@code from} (inclusive) to {@code to} (exclusive) of an epoch. */
    private interface Timed {
        double seconds(int from, int to);
    }

    /** Steps on a fresh clone of the network, so that every round starts alike. */
    private static Timed training(Function<MultiLayerNetwork, BatchStep> factory, MultiLayerNetwork template,
                                  List<INDArray[]> batches) {
        BatchStep step = factory.apply(template.clone());
        return (from, to) -> {
            long start = System.nanoTime();
            for (INDArray[] b : batches.subList(from, to)) {
                step.step(b[0], b[1]);
            }
            return (System.nanoTime() - start) / 1e9;
        };
    }

    private static MultiLayerNetwork autoencoder256() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .updater(new Adam(0.001))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(256).nOut(784).activation(Activation.SIGMOID).build())
                .build());
        net.init();
        return net;
    }

    private static List<INDArray[]> batches(INDArray x, INDArray y) {
        List<INDArray[]> batches = new ArrayList<>();
        for (int from = 0; from < x.rows(); from += BATCH) {
            batches.add(new INDArray[] {
                    x.get(NDArrayIndex.interval(from, from + BATCH), NDArrayIndex.all()),
                    y.get(NDArrayIndex.interval(from, from + BATCH), NDArrayIndex.all())});
        }
        return batches;
    }

}
