package io.latentlab.ml.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentlab.ml.data.FloatMatrix;

/**
 * Any bytes given to the {@code .npy} readers (a dataset split, a model's matrices, a classifier's
 * predictions, all read back from the object store): each reader returns an array that fits the bytes,
 * or refuses with an {@link IllegalArgumentException}. Never an {@code Error}, and never more memory
 * than the bytes hold: a header that declares a huge shape is refused before anything is allocated
 * (the fuzzing JVM's heap is small, so such an allocation is an {@code OutOfMemoryError}, a finding).
 */
class NpyFuzzTest {

    @FuzzTest
    void readersReturnWhatTheBytesHoldOrRefuse(byte[] npy) {
        try {
            FloatMatrix m = Npy.readFloatMatrix(npy);
            assertThat(4L * m.data().length).isLessThanOrEqualTo(npy.length);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
        try {
            int[] ints = Npy.readInts(npy);
            assertThat(4L * ints.length).isLessThanOrEqualTo(npy.length);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
        try {
            double[] doubles = Npy.readDoubles(npy);
            assertThat(8L * doubles.length).isLessThanOrEqualTo(npy.length);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
    }
}
