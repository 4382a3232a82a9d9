package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentlab.ml.MnistTestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdxTest {

    @Test
    void realFilesParseToFullMnist() {
        ImageDataset mnist = MnistTestFiles.mnist();
        assertThat(mnist.trainImages().rows()).isEqualTo(60000);
        assertThat(mnist.trainImages().cols()).isEqualTo(784);
        assertThat(mnist.trainLabels()).hasSize(60000);
        assertThat(mnist.testImages().rows()).isEqualTo(10000);
        assertThat(mnist.testImages().cols()).isEqualTo(784);
        assertThat(mnist.testLabels()).hasSize(10000);
        for (FloatMatrix images : new FloatMatrix[] {mnist.trainImages(), mnist.testImages()}) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : images.data()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(min).isEqualTo(0f);
            assertThat(max).isEqualTo(1f);
        }
        assertThat(mnist.trainLabels()).containsOnly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        // Well-known first labels of the training and test files.
        assertThat(Arrays.copyOf(mnist.trainLabels(), 5)).containsExactly(5, 0, 4, 1, 9);
        assertThat(Arrays.copyOf(mnist.testLabels(), 5)).containsExactly(7, 2, 1, 0, 4);
    }

    @Test
    void corruptedFileFailsChecksum() throws IOException {
        Map<MnistFile, byte[]> files = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            files.put(f, Files.readAllBytes(MnistTestFiles.file(f)));
        }
        byte[] labels = files.get(MnistFile.TEST_LABELS).clone();
        labels[100] ^= 1;
        files.put(MnistFile.TEST_LABELS, labels);

        assertThatThrownBy(() -> ImageDataset.mnist(files))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte")
                .hasMessageContaining(MnistFile.TEST_LABELS.sha256())
                .hasMessageContaining(Checksums.sha256Hex(labels));
    }

    @Test
    void sha256MatchesKnownVector() {
        assertThat(Checksums.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Checksums.verify("abc".getBytes(StandardCharsets.US_ASCII),
                "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "abc");
    }

    @Test
    void parsesTinySyntheticFiles() {
        byte[] images = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, (byte) 255, (byte) 51, 0};
        FloatMatrix m = Idx.readImages(images);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(2);
        assertThat(m.data()).containsExactly(0f, 1f, 0.2f, 0f);
        assertThat(Idx.readLabels(new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 7, 0, (byte) 9})).containsExactly(7, 0, 9);
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> Idx.readImages(new byte[] {0, 0, 8, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> Idx.readImages(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
        assertThatThrownBy(() -> Idx.readImages(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> Idx.readLabels(new byte[] {0, 0, 8, 3, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> Idx.readLabels(new byte[] {0, 0, 8, 1, 0, 0, 0, 4, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 labels");
    }

    /** 2^22 images of 2^21 x 2^21: 2^64 pixels, which a long product wraps to 0 and a 16-byte file then matched. */
    @Test
    void refusesAHeaderWhosePixelCountOverflowsALong() {
        byte[] idx3 = {0, 0, 8, 3, 0, 0x40, 0, 0, 0, 0x20, 0, 0, 0, 0x20, 0, 0};
        assertThatThrownBy(() -> Idx.readImages(idx3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4194304 images of 2097152x2097152 pixels, more than the 268435456 pixels");
    }

    /** 2^31 - 1 images of 28x28 over a 16-byte file: refused from the header, nothing allocated. */
    @Test
    void refusesMoreImagesOrLabelsThanTheCapBeforeReadingThem() {
        byte[] idx3 = {0, 0, 8, 3, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 28, 0, 0, 0, 28};
        assertThatThrownBy(() -> Idx.readImages(idx3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2147483647 images of 28x28 pixels, more than the " + Idx.MAX_VALUES);
        byte[] idx1 = {0, 0, 8, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> Idx.readLabels(idx1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2147483647 labels, more than the " + Idx.MAX_VALUES);
    }
}
