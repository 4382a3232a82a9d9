package io.latentlab.ml.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The full MNIST dataset, pixels in [0, 1], 784 per image. */
public record Mnist(FloatMatrix trainImages, int[] trainLabels, FloatMatrix testImages, int[] testLabels) {

    public Mnist {
        if (trainImages.rows() != trainLabels.length || testImages.rows() != testLabels.length) {
            throw new IllegalArgumentException("image and label counts differ: train " + trainImages.rows() + "/"
                    + trainLabels.length + ", test " + testImages.rows() + "/" + testLabels.length);
        }
    }

    /** Verifies every file's sha256 against {@link MnistFile}, then parses. */
    public static Mnist fromIdx(Map<MnistFile, byte[]> files) {
        for (MnistFile f : MnistFile.values()) {
            byte[] bytes = files.get(f);
            if (bytes == null) {
                throw new IllegalArgumentException("missing MNIST file " + f.fileName());
            }
            Checksums.verify(bytes, f.sha256(), f.fileName());
        }
        return new Mnist(
                Idx.readImages(files.get(MnistFile.TRAIN_IMAGES)),
                Idx.readLabels(files.get(MnistFile.TRAIN_LABELS)),
                Idx.readImages(files.get(MnistFile.TEST_IMAGES)),
                Idx.readLabels(files.get(MnistFile.TEST_LABELS)));
    }

    /** Reads the four files (uncompressed, original names) from dir. */
    public static Mnist load(Path dir) {
        Map<MnistFile, byte[]> files = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            Path p = dir.resolve(f.fileName());
            try {
                files.put(f, Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read MNIST file " + p, e);
            }
        }
        return fromIdx(files);
    }
}
