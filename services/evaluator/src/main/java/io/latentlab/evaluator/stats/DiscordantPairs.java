package io.latentlab.evaluator.stats;

import java.util.Arrays;

/**
 * The discordant pairs of two classifiers on the same test images: the images a classifies right and b wrong, and
 * the reverse, in ascending index order. Their sizes are McNemar's b and c ({@link PairedTests#mcnemar}); the
 * images themselves are where the two configurations differ. One pass over the images.
 *
 * @param aRightBWrong indices of the images a got right and b wrong
 * @param bRightAWrong indices of the images b got right and a wrong
 */
public record DiscordantPairs(int[] aRightBWrong, int[] bRightAWrong) {

    /**
     * @param truth      each test image's true class
     * @param predictedA the class a predicted for each image
     * @param predictedB the class b predicted for each image
     */
    public static DiscordantPairs of(int[] truth, int[] predictedA, int[] predictedB) {
        if (predictedA.length != truth.length || predictedB.length != truth.length) {
            throw new IllegalArgumentException("predictions of " + predictedA.length + " and " + predictedB.length
                    + " images for " + truth.length + " labelled test images: they are not the same images");
        }
        int[] onlyA = new int[truth.length];
        int[] onlyB = new int[truth.length];
        int a = 0;
        int b = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean rightA = predictedA[i] == truth[i];
            boolean rightB = predictedB[i] == truth[i];
            if (rightA && !rightB) {
                onlyA[a++] = i;
            } else if (rightB && !rightA) {
                onlyB[b++] = i;
            }
        }
        return new DiscordantPairs(Arrays.copyOf(onlyA, a), Arrays.copyOf(onlyB, b));
    }

    /** The first {@code cap} indices of {@code indices} (all when there are fewer). */
    public static int[] first(int[] indices, int cap) {
        return Arrays.copyOf(indices, Math.min(cap, indices.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscordantPairs d && Arrays.equals(d.aRightBWrong, aRightBWrong)
                && Arrays.equals(d.bRightAWrong, bRightAWrong);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(aRightBWrong) + Arrays.hashCode(bRightAWrong);
    }

    @Override
    public String toString() {
        return "DiscordantPairs[aRightBWrong=" + Arrays.toString(aRightBWrong) + ", bRightAWrong="
                + Arrays.toString(bRightAWrong) + "]";
    }
}
