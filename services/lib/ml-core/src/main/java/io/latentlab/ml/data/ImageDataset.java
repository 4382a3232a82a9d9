package io.latentlab.ml.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A labelled image dataset as its four IDX files hold it (MNIST, Fashion-MNIST or any staged one): pixels in
 * [0, 1], 784 per image, labels as the files store them (values below the manifest's class count).
 */
public record ImageDataset(FloatMatrix trainImages, int[] trainLabels, FloatMatrix testImages, int[] testLabels) {

    public ImageDataset {
        if (trainImages.rows() != trainLabels.length || testImages.rows() != testLabels.length) {
            throw new IllegalArgumentException("image and label counts differ: train " + trainImages.rows() + "/"
                    + trainLabels.length + ", test " + testImages.rows() + "/" + testLabels.length);
        }
    }

    /**
     * Checks the stored files against the manifest and parses them, in {@link DatasetManifest#files()} order. Each
     * file's size and sha256 first ({@link ChecksumMismatchException} naming it), then its IDX header (magic,
     * counts, 28x28 shape) before any pixel is converted, then its labels' range; every other refusal is an
     * {@link IllegalArgumentException} that starts with {@code dataset/file}.
     *
     * @param maxBytes the most bytes one file may hold once unpacked (a gzipped file is inflated up to it)
     */
    public static ImageDataset of(DatasetManifest manifest, List<byte[]> stored, long maxBytes) {
        List<DatasetFile> files = manifest.files();
        if (stored.size() != files.size()) {
            throw new IllegalArgumentException("dataset " + manifest.name() + " needs " + files.size() + " files, got "
                    + stored.size());
        }
        List<byte[]> idx = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            DatasetFile file = files.get(i);
            byte[] bytes = stored.get(i);
            file.verify(manifest.name(), bytes);
            idx.add(named(manifest, file, () -> Idx.unpack(bytes, "the file", maxBytes)));
        }
        FloatMatrix trainImages = images(manifest, manifest.trainImages(), idx.get(0));
        int[] trainLabels = labels(manifest, manifest.trainLabels(), idx.get(1));
        FloatMatrix testImages = images(manifest, manifest.testImages(), idx.get(2));
        int[] testLabels = labels(manifest, manifest.testLabels(), idx.get(3));
        return new ImageDataset(trainImages, trainLabels, testImages, testLabels);
    }

    private static FloatMatrix images(DatasetManifest manifest, DatasetFile file, byte[] bytes) {
        return named(manifest, file, () -> {
            Idx.ImagesHeader header = Idx.imagesHeader(bytes);
            DatasetManifest.checkShape(header.rows(), header.cols());
            return Idx.readImages(bytes);
        });
    }

    private static int[] labels(DatasetManifest manifest, DatasetFile file, byte[] bytes) {
        return named(manifest, file, () -> {
            int[] labels = Idx.readLabels(bytes);
            int classes = manifest.classNames().size();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is not one of the "
                            + classes + " classes the manifest names (0-" + (classes - 1) + ")");
                }
            }
            return labels;
        });
    }

    private static <T> T named(DatasetManifest manifest, DatasetFile file, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(manifest.name() + "/" + file.file() + ": " + e.getMessage(), e);
        }
    }

    /** MNIST's four files, verified against {@link DatasetManifest#MNIST} (the sha256 of {@link MnistFile}), then parsed. */
    public static ImageDataset mnist(Map<MnistFile, byte[]> files) {
        List<byte[]> stored = new ArrayList<>();
        for (MnistFile f : MnistFile.values()) {
            byte[] bytes = files.get(f);
            if (bytes == null) {
                throw new IllegalArgumentException("missing MNIST file " + f.fileName());
            }
            stored.add(bytes);
        }
        return of(DatasetManifest.MNIST, stored, Long.MAX_VALUE);
    }

    /** Reads MNIST's four files (uncompressed, original names) from dir. */
    public static ImageDataset loadMnist(Path dir) {
        Map<MnistFile, byte[]> files = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            Path p = dir.resolve(f.fileName());
            try {
                files.put(f, Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read MNIST file " + p, e);
            }
        }
        return mnist(files);
    }
}
