package io.latentlab.ml.train;

import io.latentlab.ml.classify.MlpClassifier;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static io.latentlab.ml.bench.BenchData.median;
import static io.latentlab.ml.bench.BenchData.oneHot;
import static io.latentlab.ml.bench.BenchData.uniform;

/**
 * What a checkpoint costs against training: for AE-3 k=256 (784-400-256-400-784) and MLP A2
 * (784 → 512-512-512 → 5), one epoch of the trainer (lean step, batch 32) on 11385 synthetic rows
 * (the seed profile's train split) against building and serializing one {@link TrainingCheckpoint}
 * (the step's {@code finish()}, then the bytes, with the best parameters stored beside the current
 * ones: the larger case), and reading it back. Here rather than in the bench package because it
 * builds checkpoints as the trainer does, through package-private code. Arguments: [repetitions] (default 7).
 */
public final class CheckpointBench {

    private static final int ROWS = 11385;
    private static final int VAL_ROWS = 2000;
    /** The default interval between checkpoints the services use. */
    private static final double INTERVAL_SECONDS = 20;

    private CheckpointBench() {
    }

    public static void main(String[] args) {
        NativeThreads.pinToOne();
        run(args.length > 0 ? Integer.parseInt(args[0]) : 7);
    }

    /** Prints one line per network. */
    public static void run(int repetitions) {
        TrainingConfig cfg = TrainingConfig.study(42);
        INDArray images = uniform(1, ROWS + VAL_ROWS, 784);
        INDArray features = Nd4j.randn(DataType.FLOAT, ROWS + VAL_ROWS, 784);
        INDArray labels = oneHot(ROWS + VAL_ROWS, 5);
        System.out.printf(Locale.ROOT, "checkpoint cost, %s; %d train rows, %d val rows, batch %d, median of %d%n",
                NativeThreads.describe(), ROWS, VAL_ROWS, cfg.batchSize(), repetitions);
        measure("AE-3 k=256", () -> autoencoder3(256, cfg), images, images, cfg, repetitions);
        measure("MLP A2 784", () -> MlpClassifier.buildNetwork(784, 5, MlpClassifier.A2, cfg), features, labels, cfg,
                repetitions);
    }

    private static void measure(String name, Supplier<MultiLayerNetwork> network, INDArray x, INDArray y,
                                TrainingConfig cfg, int repetitions) {
        TrainingData train = new TrainingData(rows(x, 0, ROWS), rows(y, 0, ROWS));
        TrainingData val = new TrainingData(rows(x, ROWS, ROWS + VAL_ROWS), rows(y, ROWS, ROWS + VAL_ROWS));
        MultiLayerNetwork net = network.get();
        List<Long> epochEnds = new ArrayList<>();
        epochEnds.add(System.nanoTime());
        // two epochs: the second, warmed up, is the one timed
        NetworkTrainer.train(net, LeanStep::new, train, val, cfg.withMaxEpochs(2),
                (epoch, max, trainLoss, valLoss) -> epochEnds.add(System.nanoTime()));
        double epochSeconds = (epochEnds.get(2) - epochEnds.get(1)) / 1e9;

        BatchStep step = new LeanStep(net);
        TrainingProgress progress = new TrainingProgress(net, cfg.maxEpochs());
        progress.record(0.5, 0.25, net);
        progress.record(0.5, 0.5, net); // not the best: the checkpoint stores the best parameters too
        String training = CheckpointKeeper.describe(cfg, train, val);
        double[] write = new double[repetitions];
        double[] read = new double[repetitions];
        byte[] bytes = null;
        for (int r = -1; r < repetitions; r++) {
            long start = System.nanoTime();
            step.finish();
            bytes = progress.checkpoint(net, training).toBytes();
            long written = System.nanoTime();
            TrainingCheckpoint back = TrainingCheckpoint.fromBytes(bytes);
            back.requireResumable(net, training, cfg.maxEpochs());
            long readBack = System.nanoTime();
            if (r >= 0) {
                write[r] = (written - start) / 1e9;
                read[r] = (readBack - written) / 1e9;
            }
        }
        double checkpoint = median(write);
        System.out.printf(Locale.ROOT, "%-11s %d params: epoch %.2f s; checkpoint build+serialize %.1f ms"
                        + " (%.2f %% of an epoch; at most one per %.0f s: %.2f %% of training time), %.1f MB;"
                        + " read back %.1f ms%n",
                name, net.numParams(), epochSeconds, checkpoint * 1e3, 100 * checkpoint / epochSeconds, INTERVAL_SECONDS,
                100 * checkpoint / Math.max(epochSeconds, INTERVAL_SECONDS), bytes.length / 1e6, median(read) * 1e3);
    }

    /** AE-3 at k as the study builds it: 784-400-k-400-784, sigmoid, MSE. */
    public static MultiLayerNetwork autoencoder3(int k, TrainingConfig cfg) {
        NeuralNetConfiguration.ListBuilder layers = StudyNetworks.layers(cfg);
        int in = 784;
        for (int h : new int[] {400, k, 400}) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.SIGMOID).build());
            in = h;
        }
        layers.layer(new OutputLayer.Builder(LossFunction.MSE).nIn(in).nOut(784).activation(Activation.SIGMOID).build());
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        return net;
    }

    private static INDArray rows(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }

}
