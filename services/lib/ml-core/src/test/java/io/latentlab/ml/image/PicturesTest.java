package io.latentlab.ml.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentlab.ml.MnistTestFiles;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.Noise;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PicturesTest {

    @Test
    void imageRowsShowEachMatrixAsALabelledRow() {
        FloatMatrix originals = MnistTestFiles.mnist().testImages().head(10);
        FloatMatrix noisy = Noise.gaussian(originals, 0.4, 7);
        BufferedImage image = PictureFiles.decodeAndSave(
                Pictures.imageRows(List.of("original", "noisy 40 %"), List.of(originals, noisy), 10, 2),
                "image-rows");

        assertThat(image.getHeight()).isEqualTo(8 + 2 * 56 + 4 + 8);
        assertThat(image.getWidth()).isGreaterThan(10 * 56);
        // The bottom-right pixel of the last original is the image's border: background, so white.
        int right = image.getWidth() - 8 - 1;
        assertThat(image.getRGB(right - 2, 8 + 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void imageColumnsPutEachImageAboveItsTextsAndWrapAfterPerLineColumns() {
        FloatMatrix originals = MnistTestFiles.mnist().testImages().head(5);
        FloatMatrix inverted = new FloatMatrix(5, 784, new float[5 * 784]);
        for (int i = 0; i < inverted.data().length; i++) {
            inverted.data()[i] = 1 - originals.data()[i];
        }
        List<String> truth = List.of("7", "2", "1", "0", "T-shirt/top, a class name far wider than its column");
        BufferedImage image = PictureFiles.decodeAndSave(Pictures.imageColumns(List.of("original", "inverted"),
                List.of(originals, inverted), List.of("true", "said"), List.of(truth, List.of("7", "2", "1", "0", "4")),
                3, 2), "image-columns");

        // two lines of columns (3 + 2), each two image rows of 56 + 4 and two text lines of 15, 8 between the lines
        assertThat(image.getHeight()).isEqualTo(8 + 2 * (2 * 60 + 2 * 15) + 8 + 8);
        int left = image.getWidth() - 8 - 3 * 60 + 4;
        // column 0: the original's tile has some ink, the inverted one's mostly ink
        int tile = 56 * 56;
        assertThat(ink(image, left, 8)).isBetween(1, tile / 2);
        assertThat(ink(image, left, 8 + 60)).isGreaterThan(tile / 2);
        // the second line holds columns 3 and 4 only: where a sixth image would go, nothing is drawn
        int secondLine = 8 + 2 * 60 + 2 * 15 + 8;
        assertThat(ink(image, left + 60, secondLine)).isGreaterThan(0);
        assertThat(ink(image, left + 120, secondLine)).isZero();

        assertThatThrownBy(() -> Pictures.imageColumns(List.of("original"), List.of(originals), List.of("true"),
                List.of(List.of("7")), 3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every text line needs 5 entries, got 1");
        assertThatThrownBy(() -> Pictures.imageColumns(List.of("original", "other"), List.of(originals, originals.head(2)),
                List.of(), List.of(), 3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all matrices need 5 rows");
    }

    /** Pixels not white in the 56 x 56 square at (x, y). */
    private static int ink(BufferedImage image, int x, int y) {
        int count = 0;
        for (int dy = 0; dy < 56; dy++) {
            for (int dx = 0; dx < 56; dx++) {
                count += (image.getRGB(x + dx, y + dy) & 0xFFFFFF) == 0xFFFFFF ? 0 : 1;
            }
        }
        return count;
    }

    @Test
    void weightGridHasOneTilePerUnitAndExactSize() {
        Random random = new Random(3);
        float[] w = new float[40 * 784];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        // Unit 0: a horizontal ramp, so its tile runs from black (left) to white (right).
        for (int p = 0; p < 784; p++) {
            w[p] = p % 28;
        }
        BufferedImage image = PictureFiles.decodeAndSave(Pictures.weightGrid(new FloatMatrix(40, 784, w), 16, 2),
                "weight-grid");

        int rows = (40 + 15) / 16;
        assertThat(image.getWidth()).isEqualTo(16 * (28 * 2 + 1) + 1);
        assertThat(image.getHeight()).isEqualTo(rows * (28 * 2 + 1) + 1);
        assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(image.getRGB(56, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).as("gap").isEqualTo(0xFFFFFF);
    }

    @Test
    void weightGridSizeForOneHundredUnitsAtScaleOne() {
        BufferedImage image = PictureFiles.decodeAndSave(Pictures.weightGrid(FloatMatrix.zeros(100, 784), 16, 1),
                "weight-grid-flat");
        assertThat(image.getWidth()).isEqualTo(16 * 29 + 1);
        assertThat(image.getHeight()).isEqualTo(7 * 29 + 1);
    }

    @Test
    void confusionMatrixRenders() {
        int[][] counts = {
            {740, 1, 6, 2, 10},
            {0, 755, 2, 1, 1},
            {9, 8, 705, 12, 25},
            {3, 4, 5, 739, 8},
            {2, 11, 15, 6, 725},
        };
        BufferedImage image = PictureFiles.decodeAndSave(
                Pictures.confusionMatrix(counts, List.of("0", "1", "2", "4", "7"), "AE-1 k=256, A1 — test"),
                "confusion-matrix");
        assertThat(image.getWidth()).isBetween(5 * 56, 5 * 56 + 200);
        assertThat(image.getHeight()).isBetween(5 * 56, 5 * 56 + 200);
        assertThatThrownBy(() -> Pictures.confusionMatrix(new int[][] {{1, 2}}, List.of("a"), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confusionMatrixOfLongClassNamesRunsTheColumnNamesUpwards() {
        int[][] counts = {{700, 5, 54}, {2, 750, 7}, {60, 3, 696}};
        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover");
        BufferedImage digits = PictureFiles.decodeAndSave(Pictures.confusionMatrix(counts, List.of("0", "1", "2"), "t"),
                "confusion-matrix-digits");
        BufferedImage named = PictureFiles.decodeAndSave(Pictures.confusionMatrix(counts, names, "t"),
                "confusion-matrix-class-names");
        // the column labels' band grows by the longest name (upright) instead of overlapping the next columns
        assertThat(named.getHeight()).isGreaterThan(digits.getHeight() + 40);
        assertThat(named.getWidth()).isGreaterThan(digits.getWidth());
    }

    @Test
    void learningCurvesRenderManyAndOnePoint() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train", new double[] {0.061, 0.038, 0.027, 0.021, 0.018, 0.016, 0.0152, 0.0149});
        curves.put("val", new double[] {0.045, 0.031, 0.024, 0.020, 0.0185, 0.0181, 0.0183, 0.0186});
        BufferedImage image = PictureFiles.decodeAndSave(Pictures.learningCurves("AE-1 k=32 reconstruction MSE",
                curves), "learning-curves");
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);

        BufferedImage single = PictureFiles.decodeAndSave(Pictures.learningCurves("one epoch",
                Map.of("val", new double[] {0.25})), "learning-curves-one-point");
        assertThat(single.getWidth()).isEqualTo(640);
    }

    @Test
    void niceAxisCoversTheDataWithRoundTicks() {
        LearningCurveChart.Axis axis = LearningCurveChart.Axis.nice(0.0149, 0.061);
        assertThat(axis.min()).isLessThanOrEqualTo(0.0149);
        assertThat(axis.max()).isGreaterThanOrEqualTo(0.061);
        assertThat(axis.step()).isEqualTo(0.01);
        assertThat(axis.label(0.02)).isEqualTo("0.02");
        assertThat(LearningCurveChart.Axis.nice(3, 3).ticks()).isNotEmpty();
        assertThat(LearningCurveChart.Axis.integers(1, 100).step()).isEqualTo(20);
    }
}
