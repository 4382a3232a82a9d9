package io.latentlab.evaluator.report;

import java.util.List;

/**
 * report.json's {@code discordant} of a comparison: the test images a classified right and b wrong
 * ({@code aRightBWrong}, McNemar's b) and the reverse ({@code bRightAWrong}, McNemar's c), counted over the whole
 * test split, and the first {@code cap} of each shown on a sheet ({@code shown}: both directions together). With
 * repeats these are the images of the run's first seed ({@code repeat} 0, {@code seed}), whichever test compared
 * the configurations.
 */
public record Discordant(int aRightBWrong, int bRightAWrong, int shown, int cap, int repeat, long seed,
                         List<Sheet> sheets) {

    public static final String A_RIGHT_B_WRONG = "aRightBWrong";
    public static final String B_RIGHT_A_WRONG = "bRightAWrong";

    /**
     * One PNG (runs/&lt;runId&gt;/pictures/&lt;name&gt;.png): a column per image, the original over its reconstruction
     * under a's and under b's reducer, with the true and both predicted classes under it.
     *
     * @param direction {@value #A_RIGHT_B_WRONG} or {@value #B_RIGHT_A_WRONG}
     * @param total     the images of that direction (the sheet shows {@code images.size()} of them)
     */
    public record Sheet(String direction, String name, String caption, String key, String sha256, int total,
                        List<Image> images) {
    }

    /** One test image of a sheet: its index in the test split, its true class and what a and b said. */
    public record Image(int index, String truth, String predictedA, String predictedB) {
    }
}
