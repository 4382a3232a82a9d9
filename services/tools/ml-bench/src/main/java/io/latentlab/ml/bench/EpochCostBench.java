package io.latentlab.ml.bench;

import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.classify.TrainingConfig;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.reduce.Autoencoder;
import io.latentlab.ml.train.NativeThreads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What one epoch of a network costs alone on one core, through the pipeline's own training code
 * ({@link Autoencoder#train}, {@link MlpClassifier#train}: shuffle, lean steps, validation), on seeded
 * synthetic data of the study's size: the calibration of {@code ./latentlab bench study}.
 * <p>
 * Arguments: {@code <trainRows> <valRows> <shape>...}, a shape being {@code ae:784-256-784} (input,
 * hidden..., output) or {@code mlp:256-512-256-256-5} (inputs, hidden..., classes). Prints one line per
 * shape, {@code <shape> <seconds per epoch>}: the fastest of its epochs after the first, once one network of
 * each kind has trained to warm the JIT up.
 */
public final class EpochCostBench {

    private static final int EPOCHS = 4;

    private EpochCostBench() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: EpochCostBench <trainRows> <valRows> <ae:784-256-784|mlp:256-512-256-256-5>...");
            System.exit(2);
        }
        NativeThreads.pinToOne();
        int trainRows = Integer.parseInt(args[0]);
        int valRows = Integer.parseInt(args[1]);
        List<String> shapes = Arrays.asList(args).subList(2, args.length);
        // a pipeline's trainer has trained for minutes: let the JIT compile the step's loops first
        for (String kind : List.of("ae:", "mlp:")) {
            shapes.stream().filter(s -> s.startsWith(kind)).findFirst().ifPresent(s -> secondsPerEpoch(s, trainRows, valRows));
        }
        for (String shape : shapes) {
            System.out.printf(Locale.ROOT, "%s %.4f%n", shape, secondsPerEpoch(shape, trainRows, valRows));
            System.out.flush();
        }
    }

    static double secondsPerEpoch(String shape, int trainRows, int valRows) {
        String[] kindAndWidths = shape.split(":", 2);
        int[] widths = Arrays.stream(kindAndWidths[1].split("-")).mapToInt(Integer::parseInt).toArray();
        int[] hidden = Arrays.copyOfRange(widths, 1, widths.length - 1);
        TrainingConfig cfg = new TrainingConfig(0.001, 32, EPOCHS, EPOCHS + 1, 42);
        EpochClock clock = new EpochClock();
        Random random = new Random(7);
        switch (kindAndWidths[0]) {
            case "ae" -> {
                FloatMatrix train = uniform(random, trainRows, widths[0]);
                FloatMatrix val = uniform(random, valRows, widths[0]);
                Autoencoder.train(train, train, val, val, hidden, cfg, clock);
            }
            case "mlp" -> {
                int classes = widths[widths.length - 1];
                MlpClassifier.train(labelled(random, trainRows, widths[0], classes), labelled(random, valRows, widths[0], classes),
                        classes, hidden, cfg, clock);
            }
            default -> throw new IllegalArgumentException("unknown network kind in '" + shape + "' (ae or mlp)");
        }
        return clock.fastestAfterFirst();
    }

    /** Times between epoch ends. */
    private static final class EpochClock implements EpochListener {
        private final List<Long> ends = new ArrayList<>();
        private final long start = System.nanoTime();

        @Override
        public void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss) {
            ends.add(System.nanoTime());
        }

        double fastestAfterFirst() {
            double best = Double.MAX_VALUE;
            for (int i = 1; i < ends.size(); i++) {
                best = Math.min(best, (ends.get(i) - ends.get(i - 1)) / 1e9);
            }
            return ends.size() > 1 ? best : (ends.get(0) - start) / 1e9;
        }
    }

    private static FloatMatrix uniform(Random random, int rows, int cols) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new FloatMatrix(rows, cols, data);
    }

    private static LabeledData labelled(Random random, int rows, int cols, int classes) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new LabeledData(uniform(random, rows, cols), labels);
    }
}
