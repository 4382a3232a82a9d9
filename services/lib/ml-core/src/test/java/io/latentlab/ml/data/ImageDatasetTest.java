package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A tiny dataset written here (3 classes, 28x28), checked and parsed through its manifest; each refusal. */
class ImageDatasetTest {

    private static final long MAX = 1 << 20;

    /** count images of class i % classes, image i filled with the value i. */
    static byte[] images(int count, int side) {
        byte[] pixels = new byte[count * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i / (side * side));
        }
        return Idx.writeImages(count, side, side, pixels);
    }

    static byte[] labels(int count, int classes) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return Idx.writeLabels(labels);
    }

    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DatasetManifest manifest(List<byte[]> files) {
        String[] names = {"train-images.gz", "train-labels", "test-images", "test-labels.gz"};
        List<DatasetFile> described = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            described.add(new DatasetFile(names[i], Checksums.sha256Hex(files.get(i)), files.get(i).length));
        }
        return new DatasetManifest("tiny", List.of("circle", "square", "T-shirt/top"), 28, 28, "ImageDatasetTest",
                described.get(0), described.get(1), described.get(2), described.get(3));
    }

    private static List<byte[]> files() {
        return new ArrayList<>(List.of(gzip(images(12, 28)), labels(12, 3), images(6, 28), gzip(labels(6, 3))));
    }

    @Test
    void parsesGzippedAndPlainFilesThroughTheManifest() {
        List<byte[]> files = files();
        ImageDataset data = ImageDataset.of(manifest(files), files, MAX);
        assertThat(data.trainImages().rows()).isEqualTo(12);
        assertThat(data.trainImages().cols()).isEqualTo(784);
        assertThat(data.trainImages().data()[784 * 5]).isEqualTo(5 / 255f);
        assertThat(data.trainLabels()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
        assertThat(data.testImages().rows()).isEqualTo(6);
        assertThat(data.testLabels()).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void aCorruptedFileIsRefusedWithItsName() {
        List<byte[]> files = files();
        DatasetManifest manifest = manifest(files);
        byte[] corrupted = files.get(2).clone();
        corrupted[100] ^= 1;
        files.set(2, corrupted);
        assertThatThrownBy(() -> ImageDataset.of(manifest, files, MAX))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("sha256 mismatch for tiny/test-images")
                .hasMessageContaining(manifest.testImages().sha256());
        files.set(2, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ImageDataset.of(manifest, files, MAX))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("tiny/test-images").hasMessageContaining("(3 bytes)");
    }

    @Test
    void eachIdxProblemIsRefusedNamingTheFile() {
        assertRefused(0, labels(12, 3), "tiny/train-images.gz: not an IDX3 unsigned-byte image file: magic 0x00000801");
        assertRefused(0, images(12, 32), "tiny/train-images.gz: images are 32x32 pixels: Latent Lab takes 28x28 images only");
        assertRefused(1, labels(12, 4), "tiny/train-labels: label 3 at index 3 is not one of the 3 classes");
        assertRefused(1, labels(11, 3), "image and label counts differ: train 12/11");
        byte[] truncated = java.util.Arrays.copyOf(images(6, 28), 16 + 784 * 5);
        assertRefused(2, truncated, "tiny/test-images: IDX3 image file: header says 6 images of 28x28 (4720 bytes), file has 3936 bytes");
        List<byte[]> files = files();
        files.set(3, new byte[] {0x1f, (byte) 0x8b, 1, 2});
        assertThatThrownBy(() -> ImageDataset.of(manifest(files), files, MAX))
                .hasMessageContaining("tiny/test-labels.gz: the file is not a valid gzip file");
    }

    @Test
    void aGzipBombIsRefusedBeforeItGrowsPastTheLimit() {
        byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(20_000);
        assertThatThrownBy(() -> Idx.unpack(bomb, "bomb.gz", MAX))
                .hasMessage("bomb.gz inflates to more than the limit of 1048576 bytes");
        assertThatThrownBy(() -> Idx.unpack(new byte[100], "plain", 99)).hasMessage("plain has 100 bytes, more than the limit of 99");
    }

    /** The file at {@code index} replaced by {@code bytes} (the manifest describing them, so only the content is wrong). */
    private static void assertRefused(int index, byte[] bytes, String message) {
        List<byte[]> files = files();
        files.set(index, index == 0 || index == 3 ? gzip(bytes) : bytes);
        assertThatThrownBy(() -> ImageDataset.of(manifest(files), files, MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
