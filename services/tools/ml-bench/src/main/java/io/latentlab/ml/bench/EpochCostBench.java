package io.latentlab.ml.bench;

import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.reduce.Autoencoder;
import io.latentlab.ml.train.NativeThreads;
import io.latentlab.ml.train.TrainingCancelledException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one epoch of a network costs alone on one core, through the pipeline's own training code
 * ({@link Autoencoder#train}, {@link MlpClassifier#train}: shuffle, lean steps, validation), on seeded
 * synthetic data of the study's size: the calibration of {@code ./latentlab bench study}.
 * <p>
 * Arguments: {@code [--alongside N] <trainRows> <valRows> <shape>...}, a shape being {@code ae:784-256-784} (input,
 * hidden..., output) or {@code mlp:256-512-256-256-5} (inputs, hidden..., classes). Prints one line per
 * shape, {@code <shape> <seconds per epoch>}: the fastest of its epochs after the first, once one network of
 * each kind has trained to warm the JIT up. With {@code --alongside N} (N = cores - 1), each line also has
 * {@code <seconds per epoch alongside>}: the same measurement right after, while N other trainings of the same
 * shape run on other threads, so that every core trains, as in a busy pipeline. Taken back to back, the two
 * see the same machine: their ratio is what running all cores at once costs each training here (shared
 * caches, memory bandwidth, clock), which no schedule can avoid.
 */
public final class EpochCostBench {

    private static final int EPOCHS = 4;

    private EpochCostBench() {
    }

    public static void main(String[] args) {
        int alongside = args.length > 1 && args[0].equals("--alongside") ? Integer.parseInt(args[1]) : 0;
        int first = args.length > 0 && args[0].equals("--alongside") ? 2 : 0;
        if (args.length < first + 3 || alongside < 0) {
            System.err.println("usage: EpochCostBench [--alongside N] <trainRows> <valRows> <ae:784-256-784|mlp:256-512-256-256-5>...");
            System.exit(2);
        }
        NativeThreads.pinToOne();
        int trainRows = Integer.parseInt(args[first]);
        int valRows = Integer.parseInt(args[first + 1]);
        List<String> shapes = Arrays.asList(args).subList(first + 2, args.length);
        // a pipeline's trainer has trained for minutes: let the JIT compile the step's loops first
        for (String kind : List.of("ae:", "mlp:")) {
            shapes.stream().filter(s -> s.startsWith(kind)).findFirst().ifPresent(s -> secondsPerEpoch(s, trainRows, valRows));
        }
        for (String shape : shapes) {
            double alone = secondsPerEpoch(shape, trainRows, valRows);
            if (alongside == 0) {
                System.out.printf(Locale.ROOT, "%s %.4f%n", shape, alone);
            } else {
                System.out.printf(Locale.ROOT, "%s %.4f %.4f%n", shape, alone, secondsPerEpochAlongside(alongside, shape, trainRows, valRows));
            }
            System.out.flush();
        }
    }

    static double secondsPerEpoch(String shape, int trainRows, int valRows) {
        EpochClock clock = new EpochClock();
        train(shape, trainRows, valRows, new TrainingConfig(0.001, 32, EPOCHS, EPOCHS + 1, 42), clock, 7);
        return clock.fastestAfterFirst();
    }

    /**
     * {@link #secondsPerEpoch}, while {@code partners} threads train the same shape on their own data: each has
     * finished an epoch before the clock starts, and they stop (cancelled at their next minibatch) when it ends.
     */
    static double secondsPerEpochAlongside(int partners, String shape, int trainRows, int valRows) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch warm = new CountDownLatch(partners);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < partners; i++) {
            int seed = 100 + i;
            Thread partner = new Thread(() -> trainUntilStopped(shape, trainRows, valRows, seed, warm, stop, failure), "calibration-partner-" + i);
            partner.setDaemon(true);
            threads.add(partner);
            partner.start();
        }
        try {
            warm.await();
            double seconds = secondsPerEpoch(shape, trainRows, valRows);
            if (failure.get() != null) {
                throw new IllegalStateException("a partner training of " + shape + " failed, so it did not load the machine", failure.get());
            }
            return seconds;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the partners warmed up", e);
        } finally {
            stop.set(true);
            threads.forEach(EpochCostBench::joinQuietly);
        }
    }

    private static void trainUntilStopped(String shape, int trainRows, int valRows, int seed, CountDownLatch warm, AtomicBoolean stop,
                                          AtomicReference<RuntimeException> failure) {
        NativeThreads.pinToOne(); // OpenMP's thread count is per calling thread
        EpochListener partner = new EpochListener() {
            @Override
            public void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss) {
                warm.countDown();
            }

            @Override
            public boolean cancelled() {
                return stop.get();
            }
        };
        try {
            while (!stop.get()) {
                train(shape, trainRows, valRows, new TrainingConfig(0.001, 32, 1000, 1001, seed), partner, seed);
            }
        } catch (TrainingCancelledException expected) {
            // the measured training has ended
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            warm.countDown(); // a partner that failed must not leave the measurement waiting
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void train(String shape, int trainRows, int valRows, TrainingConfig cfg, EpochListener listener, long dataSeed) {
        String[] kindAndWidths = shape.split(":", 2);
        int[] widths = Arrays.stream(kindAndWidths[1].split("-")).mapToInt(Integer::parseInt).toArray();
        int[] hidden = Arrays.copyOfRange(widths, 1, widths.length - 1);
        Random random = new Random(dataSeed);
        switch (kindAndWidths[0]) {
            case "ae" -> {
                FloatMatrix train = uniform(random, trainRows, widths[0]);
                FloatMatrix val = uniform(random, valRows, widths[0]);
                Autoencoder.train(train, train, val, val, hidden, cfg, listener);
            }
            case "mlp" -> {
                int classes = widths[widths.length - 1];
                MlpClassifier.train(labelled(random, trainRows, widths[0], classes), labelled(random, valRows, widths[0], classes),
                        classes, hidden, cfg, listener);
            }
            default -> throw new IllegalArgumentException("unknown network kind in '" + shape + "' (ae or mlp)");
        }
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
