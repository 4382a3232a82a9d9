package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentlab.ml.MnistTestFiles;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigitSplitterTest {
    private static final int[] STUDY_DIGITS = {0, 1, 2, 4, 7};

    private final ImageDataset mnist = MnistTestFiles.mnist();

    private DigitSplitter.SplitIndices studyIndices(long seed) {
        return DigitSplitter.indices(mnist.trainLabels(), mnist.testLabels(), STUDY_DIGITS, 2277, 759, 759, seed);
    }

    @Test
    void sameSeedGivesSameIndicesAndOtherSeedDiffers() {
        DigitSplitter.SplitIndices a = studyIndices(42);
        DigitSplitter.SplitIndices b = studyIndices(42);
        DigitSplitter.SplitIndices c = studyIndices(43);
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(a.val()).isEqualTo(b.val());
        assertThat(a.test()).isEqualTo(b.test());
        assertThat(a.train()).isNotEqualTo(c.train());
        assertThat(a.val()).isNotEqualTo(c.val());
        assertThat(a.test()).isNotEqualTo(c.test());
        assertThat(sorted(a.train())).isNotEqualTo(sorted(c.train())); // a different subset, not only order
    }

    @Test
    void seedFortyTwoSelectsPinnedIndices() {
        // Pinned so any change to the shuffle or seed derivation (or the JDK's SplittableRandom) is noticed:
        // published runs must stay reproducible.
        DigitSplitter.SplitIndices idx = studyIndices(42);
        assertThat(Arrays.copyOf(idx.train(), 6)).containsExactly(35203, 53264, 51737, 17256, 58585, 39053);
        assertThat(Arrays.copyOf(idx.val(), 6)).containsExactly(59392, 30700, 51004, 57537, 53994, 10707);
        assertThat(Arrays.copyOf(idx.test(), 6)).containsExactly(2416, 420, 8941, 8030, 2942, 39);
    }

    @Test
    void studySplitHasExactCountsPerDigitAndNoOverlap() {
        Splits s = DigitSplitter.split(mnist, STUDY_DIGITS, 2277, 759, 759, 7);
        assertThat(s.train().size()).isEqualTo(11385);
        assertThat(s.val().size()).isEqualTo(3795);
        assertThat(s.test().size()).isEqualTo(3795);
        for (int cls = 0; cls < 5; cls++) {
            int c = cls;
            assertThat(Arrays.stream(s.train().y()).filter(y -> y == c).count()).isEqualTo(2277);
            assertThat(Arrays.stream(s.val().y()).filter(y -> y == c).count()).isEqualTo(759);
            assertThat(Arrays.stream(s.test().y()).filter(y -> y == c).count()).isEqualTo(759);
        }

        DigitSplitter.SplitIndices idx = studyIndices(7);
        Set<Integer> train = new HashSet<>();
        Arrays.stream(idx.train()).forEach(train::add);
        assertThat(train).hasSize(11385);
        assertThat(Arrays.stream(idx.val()).filter(train::contains).count()).isZero();
        assertThat(Arrays.stream(idx.val()).distinct().count()).isEqualTo(3795);
        assertThat(Arrays.stream(idx.test()).distinct().count()).isEqualTo(3795);
    }

    @Test
    void labelsArePositionsOfDigitsAndRowsMatchSourceImages() {
        Splits s = DigitSplitter.split(mnist, STUDY_DIGITS, 2277, 759, 759, 7);
        DigitSplitter.SplitIndices idx = studyIndices(7);
        for (int i = 0; i < s.train().size(); i++) {
            assertThat(STUDY_DIGITS[s.train().y()[i]]).isEqualTo(mnist.trainLabels()[idx.train()[i]]);
        }
        for (int i = 0; i < s.val().size(); i++) {
            assertThat(STUDY_DIGITS[s.val().y()[i]]).isEqualTo(mnist.trainLabels()[idx.val()[i]]);
        }
        for (int i = 0; i < s.test().size(); i++) {
            assertThat(STUDY_DIGITS[s.test().y()[i]]).isEqualTo(mnist.testLabels()[idx.test()[i]]);
        }
        int[] someRows = {0, 1, 500, 11384};
        for (int r : someRows) {
            assertThat(s.train().x().row(r)).isEqualTo(mnist.trainImages().row(idx.train()[r]));
        }
        assertThat(s.test().x().row(3794)).isEqualTo(mnist.testImages().row(idx.test()[3794]));
    }

    @Test
    void rowsAreInterleavedNotGroupedByClass() {
        Splits s = DigitSplitter.split(mnist, STUDY_DIGITS, 2277, 759, 759, 7);
        int[] firstHundred = Arrays.copyOf(s.train().y(), 100);
        assertThat(IntStream.of(firstHundred).distinct().count()).isEqualTo(5);
    }

    @Test
    void rejectsDigitWithTooFewImages() {
        // MNIST's test file has 980 zeros.
        assertThatThrownBy(() -> DigitSplitter.split(mnist, new int[] {0}, 10, 10, 981, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 0");
        assertThatThrownBy(() -> DigitSplitter.split(mnist, new int[] {5}, 5000, 1000, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 5");
        assertThatThrownBy(() -> DigitSplitter.split(mnist, new int[] {1, 1}, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSizesWhoseSumWrapsBeforeAllocatingAnything() {
        // issue 25: 1e9 + 1.2e9 wraps negative in int; the splitter used to allocate new int[2e9] and die of OOM
        assertThatThrownBy(() -> DigitSplitter.split(mnist, new int[] {0, 1}, 1_000_000_000, 1_200_000_000, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class 0 has 5923 images in the training file, need 2200000000");
        assertThatThrownBy(() -> DigitSplitter.split(mnist, new int[] {0, 1}, 1, 1, Integer.MAX_VALUE, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test file, need 2147483647");
        assertThatThrownBy(() -> DigitSplitter.split(mnist, new int[] {0}, -1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train=-1");
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
