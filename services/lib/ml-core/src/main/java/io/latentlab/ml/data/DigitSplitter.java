package io.latentlab.ml.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The study's per-class split: train and validation from the dataset's training file, test from its test
 * file, each by a seeded shuffle of that class's indices. Labels are positions in {@code digits} (the label
 * values of the classes the run uses: MNIST's digits, or any dataset's classes).
 */
public final class DigitSplitter {
    // Salts keep the train-file, test-file and row-order streams independent for the same seed.
    private static final long TRAIN_FILE_SALT = 0x5452_4149_4E00_0000L;
    private static final long TEST_FILE_SALT = 0x5445_5354_0000_0000L;
    private static final long ORDER_SALT = 0x4F52_4445_5200_0000L;

    private DigitSplitter() {
    }

    /** Row indices into the MNIST files (train/val into the training file, test into the test file). */
    public record SplitIndices(int[] train, int[] val, int[] test) {
    }

    public static Splits split(ImageDataset mnist, int[] digits, int trainPerDigit, int valPerDigit, int testPerDigit,
            long seed) {
        SplitIndices idx = indices(mnist.trainLabels(), mnist.testLabels(), digits, trainPerDigit, valPerDigit,
                testPerDigit, seed);
        int[] classOf = classByDigit(digits);
        return new Splits(
                labeled(mnist.trainImages(), mnist.trainLabels(), idx.train(), classOf),
                labeled(mnist.trainImages(), mnist.trainLabels(), idx.val(), classOf),
                labeled(mnist.testImages(), mnist.testLabels(), idx.test(), classOf));
    }

    /** The deterministic index selection behind {@link #split}. */
    public static SplitIndices indices(int[] trainFileLabels, int[] testFileLabels, int[] digits,
            int trainPerDigit, int valPerDigit, int testPerDigit, long seed) {
        classByDigit(digits); // validates
        if (trainPerDigit < 0 || valPerDigit < 0 || testPerDigit < 0) {
            throw new IllegalArgumentException("negative per-digit count: train=%d val=%d test=%d"
                    .formatted(trainPerDigit, valPerDigit, testPerDigit));
        }
        // every size is checked against the files (in long: train + val must not wrap) before anything is
        // allocated from it, so an impossible request costs one pass over the labels, not an array of its size
        int n = digits.length;
        for (int digit : digits) {
            long inTrainFile = countOf(trainFileLabels, digit);
            if (inTrainFile < (long) trainPerDigit + valPerDigit) {
                throw new IllegalArgumentException("class " + digit + " has " + inTrainFile
                        + " images in the training file, need " + ((long) trainPerDigit + valPerDigit));
            }
            long inTestFile = countOf(testFileLabels, digit);
            if (inTestFile < testPerDigit) {
                throw new IllegalArgumentException("class " + digit + " has " + inTestFile
                        + " images in the test file, need " + testPerDigit);
            }
        }
        int[] train = new int[Math.multiplyExact(n, trainPerDigit)];
        int[] val = new int[Math.multiplyExact(n, valPerDigit)];
        int[] test = new int[Math.multiplyExact(n, testPerDigit)];
        for (int c = 0; c < n; c++) {
            int digit = digits[c];
            int[] fromTrainFile = shuffledIndicesOf(trainFileLabels, digit, seedFor(seed, TRAIN_FILE_SALT, digit));
            int[] fromTestFile = shuffledIndicesOf(testFileLabels, digit, seedFor(seed, TEST_FILE_SALT, digit));
            System.arraycopy(fromTrainFile, 0, train, c * trainPerDigit, trainPerDigit);
            System.arraycopy(fromTrainFile, trainPerDigit, val, c * valPerDigit, valPerDigit);
            System.arraycopy(fromTestFile, 0, test, c * testPerDigit, testPerDigit);
        }
        shuffle(train, seedFor(seed, ORDER_SALT, 0));
        shuffle(val, seedFor(seed, ORDER_SALT, 1));
        shuffle(test, seedFor(seed, ORDER_SALT, 2));
        return new SplitIndices(train, val, test);
    }

    private static LabeledData labeled(FloatMatrix images, int[] digitLabels, int[] rows, int[] classOf) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = classOf[digitLabels[rows[i]]];
        }
        return new LabeledData(images.rowsAt(rows), y);
    }

    private static int[] classByDigit(int[] digits) {
        if (digits == null || digits.length == 0) {
            throw new IllegalArgumentException("no classes given");
        }
        // IDX1 labels are unsigned bytes
        int[] classOf = new int[DatasetManifest.MAX_CLASSES];
        Arrays.fill(classOf, -1);
        for (int c = 0; c < digits.length; c++) {
            int d = digits[c];
            if (d < 0 || d >= classOf.length) {
                throw new IllegalArgumentException("not a label value (0-255): " + d);
            }
            if (classOf[d] >= 0) {
                throw new IllegalArgumentException("class " + d + " listed twice");
            }
            classOf[d] = c;
        }
        return classOf;
    }

    private static long countOf(int[] labels, int digit) {
        return Arrays.stream(labels).filter(label -> label == digit).count();
    }

    private static int[] shuffledIndicesOf(int[] labels, int digit, long seed) {
        int[] idx = IntStream.range(0, labels.length).filter(i -> labels[i] == digit).toArray();
        shuffle(idx, seed);
        return idx;
    }

    /** Fisher–Yates with SplittableRandom (SplitMix64: same sequence on every JVM). */
    static void shuffle(int[] a, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static long seedFor(long seed, long salt, int part) {
        return new SplittableRandom(seed ^ salt).split().nextLong() + 0x9E37_79B9_7F4A_7C15L * (part + 1);
    }
}
