package io.latentlab.launcher;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.Checksums;
import io.latentlab.ml.data.ChecksumMismatchException;
import io.latentlab.ml.data.DatasetFile;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.ml.data.Idx;
import io.latentlab.ml.data.ImageDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Stages a dataset of four IDX files (gzipped or not) where data-prep reads it: checks them exactly as data-prep
 * will (magic numbers, counts, 28x28 shape, labels within the class names; ml-core's {@link ImageDataset}), then
 * puts the files under {@code sources/<name>/} and, last, the manifest with their sha256 and sizes (a dataset
 * whose manifest is there is complete). Every problem is an {@link IllegalArgumentException} naming the file.
 */
public final class DatasetStager {

    /** The largest file this stages (data-prep's latentlab.dataset.max-file-bytes default): 64 MiB unpacked. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final String[] ROLES = {"train images", "train labels", "test images", "test labels"};
    private static final String[] STORED = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private DatasetStager() {
    }

    /** The four files in manifest order: train images, train labels, test images, test labels. */
    public record Files4(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
        List<Path> all() {
            return List.of(trainImages, trainLabels, testImages, testLabels);
        }
    }

    /**
     * @param classNames the names of label values 0, 1, ...; empty: "0", "1", ... up to the largest label found
     */
    public static DatasetManifest stage(ArtifactStore store, String name, List<String> classNames, Files4 files,
                                        String source) {
        if (!DatasetManifest.validName(name)) {
            throw new IllegalArgumentException("--name must be " + DatasetManifest.NAME_RULE + ", got '" + name + "'");
        }
        if (DatasetManifest.MNIST_NAME.equals(name)) {
            throw new IllegalArgumentException("'mnist' is MNIST's own name: ./latentlab stage-mnist stages it");
        }
        List<byte[]> bytes = new ArrayList<>();
        List<DatasetFile> described = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] read = read(files.all().get(i), ROLES[i]);
            bytes.add(read);
            boolean gzipped = read.length >= 2 && (read[0] & 0xFF) == 0x1f && (read[1] & 0xFF) == 0x8b;
            described.add(new DatasetFile(STORED[i] + (gzipped ? ".gz" : ""), Checksums.sha256Hex(read), read.length));
        }
        List<String> names = classNames.isEmpty() ? digitNames(files, bytes) : classNames;
        DatasetManifest manifest = new DatasetManifest(name, names, DatasetManifest.SIDE, DatasetManifest.SIDE, source,
                described.get(0), described.get(1), described.get(2), described.get(3));
        try {
            ImageDataset.of(manifest, bytes, MAX_FILE_BYTES);
        } catch (IllegalArgumentException | ChecksumMismatchException e) {
            throw new IllegalArgumentException(withPaths(e.getMessage(), manifest, files));
        }
        for (int i = 0; i < 4; i++) {
            String key = StoreKeys.datasetFile(name, described.get(i).file());
            String sha = described.get(i).sha256();
            if (!store.stat(key).map(ref -> ref.getSha256().equals(sha)).orElse(false)) {
                store.put(key, bytes.get(i));
            }
        }
        store.put(StoreKeys.datasetManifest(name), manifest.toJson());
        return manifest;
    }

    private static byte[] read(Path path, String role) {
        try {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("the " + role + " file " + path + " does not exist");
            }
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("the " + role + " file " + path + " has " + size
                        + " bytes, more than the " + MAX_FILE_BYTES + " a dataset file may have");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + role + " file " + path + ": " + e.getMessage());
        }
    }

    /** Without --class-names: label value i is named "i", for every value up to the largest in either label file. */
    private static List<String> digitNames(Files4 files, List<byte[]> bytes) {
        int max = 0;
        for (int i : new int[] {1, 3}) {
            int[] labels;
            try {
                labels = Idx.readLabels(Idx.unpack(bytes.get(i), "the file", MAX_FILE_BYTES));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(files.all().get(i) + " (" + ROLES[i] + "): " + e.getMessage());
            }
            max = Math.max(max, IntStream.of(labels).max().orElse(0));
        }
        return IntStream.rangeClosed(0, Math.max(1, max)).mapToObj(Integer::toString).toList();
    }

    /** ml-core names a file as dataset/stored-name; the user knows it by its path. */
    private static String withPaths(String message, DatasetManifest manifest, Files4 files) {
        String named = message;
        for (int i = 0; i < 4; i++) {
            named = named.replace(manifest.name() + "/" + manifest.files().get(i).file(),
                    files.all().get(i) + " (" + ROLES[i] + ")");
        }
        return named;
    }
}
