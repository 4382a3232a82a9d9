package io.latentlab.evaluator.stats;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscordantPairsTest {

    @Test
    void aHandMadeExampleSplitsTheImagesIntoEachWay() {
        //                 image: 0  1  2  3  4  5  6  7
        int[] truth =          {3, 1, 4, 1, 5, 9, 2, 6};
        int[] a =              {3, 1, 0, 1, 5, 0, 2, 0}; // wrong on 2, 5, 7
        int[] b =              {3, 0, 4, 7, 5, 0, 8, 6}; // wrong on 1, 3, 5, 6
        DiscordantPairs pairs = DiscordantPairs.of(truth, a, b);

        // both right (0, 4) and both wrong (5) are concordant: neither list has them
        assertThat(pairs.aRightBWrong()).containsExactly(1, 3, 6);
        assertThat(pairs.bRightAWrong()).containsExactly(2, 7);
        assertThat(DiscordantPairs.first(pairs.aRightBWrong(), 2)).containsExactly(1, 3);
        assertThat(DiscordantPairs.first(pairs.bRightAWrong(), 24)).containsExactly(2, 7);
    }

    @Test
    void theirSizesAreTheCountsMcNemarsTestUses() {
        Random random = new Random(11);
        int images = 500;
        int[] truth = new int[images];
        int[] a = new int[images];
        int[] b = new int[images];
        BitSet rightA = new BitSet();
        BitSet rightB = new BitSet();
        for (int i = 0; i < images; i++) {
            truth[i] = random.nextInt(5);
            a[i] = random.nextDouble() < 0.9 ? truth[i] : (truth[i] + 1 + random.nextInt(4)) % 5;
            b[i] = random.nextDouble() < 0.8 ? truth[i] : (truth[i] + 1 + random.nextInt(4)) % 5;
            rightA.set(i, a[i] == truth[i]);
            rightB.set(i, b[i] == truth[i]);
        }
        DiscordantPairs pairs = DiscordantPairs.of(truth, a, b);
        PairedDifference mcnemar = PairedTests.mcnemar(rightA, rightB, images);

        assertThat(pairs.aRightBWrong()).hasSize(mcnemar.onlyA()).isSorted();
        assertThat(pairs.bRightAWrong()).hasSize(mcnemar.onlyB()).isSorted();
        assertThat(mcnemar.onlyA()).isGreaterThan(mcnemar.onlyB()).isPositive();
        for (int i : pairs.aRightBWrong()) {
            assertThat(a[i]).isEqualTo(truth[i]);
            assertThat(b[i]).isNotEqualTo(truth[i]);
        }
    }

    @Test
    void predictionsOfOtherImagesAreRefused() {
        assertThatThrownBy(() -> DiscordantPairs.of(new int[]{1, 2, 3}, new int[]{1, 2, 3}, new int[]{1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predictions of 3 and 2 images for 3 labelled test images: they are not the same images");
    }
}
