package io.latentlab.evaluator.report;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.image.Pictures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The sheets of report.html's "The images behind each difference": for one comparison and one direction (a right
 * and b wrong, or the reverse), the first {@value #CAP} such test images, each as a column of the original, its
 * reconstruction under a's reducer and under b's (raw pixels: the image itself), the true class and what a and b
 * predicted. Drawn by ml-core's {@link Pictures#imageColumns}, the reducers' own reconstructions as their pictures
 * show them.
 */
public final class DiscordantImages {

    /** Images shown per comparison and direction (the counts cover every test image). */
    public static final int CAP = 24;
    private static final int PER_LINE = 12;
    private static final int SCALE = 2;

    private DiscordantImages() {
    }

    /**
     * One side of a comparison as a sheet shows it.
     *
     * @param label       the configuration's label ("AE-1 at k=64 (A1)")
     * @param predicted   the class it predicted for every test image
     * @param reconstruct decode(encode(x)) under its reducer; the images themselves for raw pixels
     */
    public record Side(String label, int[] predicted, UnaryOperator<FloatMatrix> reconstruct, boolean raw) {
    }

    /** A drawn sheet: the PNG and the images on it, in column order. */
    public record Drawn(byte[] png, List<Discordant.Image> images) {
    }

    /**
     * @param shown      the test images to show (indices into {@code testImages}), at most {@value #CAP}
     * @param truth      every test image's true class
     * @param classNames the name of each class (a class without one is shown by its number)
     */
    public static Drawn sheet(int[] shown, FloatMatrix testImages, int[] truth, List<String> classNames, Side a, Side b) {
        if (shown.length == 0 || shown.length > CAP) {
            throw new IllegalArgumentException("a sheet shows 1 to " + CAP + " images, got " + shown.length);
        }
        FloatMatrix originals = testImages.rowsAt(shown);
        List<Discordant.Image> images = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<String> trueClasses = new ArrayList<>();
        List<String> saidA = new ArrayList<>();
        List<String> saidB = new ArrayList<>();
        for (int index : shown) {
            Discordant.Image image = new Discordant.Image(index, name(classNames, truth[index]),
                    name(classNames, a.predicted()[index]), name(classNames, b.predicted()[index]));
            images.add(image);
            numbers.add("#" + index);
            trueClasses.add(image.truth());
            saidA.add(image.predictedA());
            saidB.add(image.predictedB());
        }
        byte[] png = Pictures.imageColumns(
                List.of("original", rowLabel("a", a), rowLabel("b", b)),
                List.of(originals, a.reconstruct().apply(originals), b.reconstruct().apply(originals)),
                List.of("test image", "true class", "a predicted", "b predicted"),
                List.of(numbers, trueClasses, saidA, saidB),
                PER_LINE, SCALE);
        return new Drawn(png, List.copyOf(images));
    }

    /** "AE-1 at k=64 (A1) right, PCA at k=64 (A1) wrong: the first 24 of 113 test images (seed 42)". */
    public static String caption(String direction, String a, String b, int shown, int total, long seed, boolean firstOfSeeds) {
        boolean aRight = direction.equals(Discordant.A_RIGHT_B_WRONG);
        return String.format(Locale.ROOT, "%s right, %s wrong: %s %d test image%s (%s%d); each column: the image, "
                        + "its reconstruction under a's and b's reducer, the true class and both predictions",
                aRight ? a : b, aRight ? b : a, shown == total ? "all" : "the first " + shown + " of", total,
                total == 1 ? "" : "s", firstOfSeeds ? "the run's first seed, " : "seed ", seed);
    }

    private static String rowLabel(String side, Side s) {
        return side + ": " + s.label() + (s.raw() ? ", the image itself" : ", reconstructed");
    }

    static String name(List<String> classNames, int c) {
        return c >= 0 && c < classNames.size() ? classNames.get(c) : String.valueOf(c);
    }
}
