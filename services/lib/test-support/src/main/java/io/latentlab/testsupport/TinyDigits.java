package io.latentlab.testsupport;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.data.Splits;

import java.util.Random;

/**
 * A dataset small enough for a stage test, shaped like the study's (28x28 images in [0, 1]): image i of
 * each split shows digit {@code i % digits} as a vertical bar at a column of its own, plus one grey pixel
 * drawn from a seeded generator, so every image differs and a classifier can learn the classes.
 */
public final class TinyDigits {

    public static final int PIXELS = 28 * 28;

    private TinyDigits() {
    }

    /** {@code perDigit} images of each of {@code digits} classes in every split (train, val, test). */
    public static Splits of(int digits, int perDigit, long seed) {
        Random random = new Random(seed);
        return new Splits(split(digits, perDigit, random), split(digits, perDigit, random), split(digits, perDigit, random));
    }

    private static LabeledData split(int digits, int perDigit, Random random) {
        int rows = digits * perDigit;
        float[] pixels = new float[rows * PIXELS];
        int[] labels = new int[rows];
        for (int row = 0; row < rows; row++) {
            labels[row] = row % digits;
            int column = 4 + labels[row] * 20 / Math.max(1, digits - 1);
            for (int y = 4; y < 24; y++) {
                pixels[row * PIXELS + y * 28 + column] = 1f;
            }
            pixels[row * PIXELS + random.nextInt(PIXELS)] = 0.5f;
        }
        return new LabeledData(new FloatMatrix(rows, PIXELS, pixels), labels);
    }
}
