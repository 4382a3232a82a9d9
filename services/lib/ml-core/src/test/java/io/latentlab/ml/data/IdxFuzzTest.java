package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes given to the IDX readers (a dataset's files as staged in the object store, gzipped or not): each
 * returns what the bytes hold, or refuses with an {@link IllegalArgumentException}. Never an {@code Error} and
 * never more than {@link Idx#MAX_VALUES} values: a header's counts are checked before anything is allocated, and
 * a gzipped file is inflated only up to the limit it is given.
 */
class IdxFuzzTest {

    @FuzzTest
    void readersReturnWhatTheBytesHoldOrRefuse(byte[] idx) {
        try {
            assertThat(Idx.unpack(idx, "fuzz", 1 << 16)).hasSizeLessThanOrEqualTo(1 << 16);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
        try {
            FloatMatrix images = Idx.readImages(idx);
            assertThat((long) images.data().length).isEqualTo(idx.length - 16L).isLessThanOrEqualTo(Idx.MAX_VALUES);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
        try {
            int[] labels = Idx.readLabels(idx);
            assertThat((long) labels.length).isEqualTo(idx.length - 8L).isLessThanOrEqualTo(Idx.MAX_VALUES);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
    }
}
