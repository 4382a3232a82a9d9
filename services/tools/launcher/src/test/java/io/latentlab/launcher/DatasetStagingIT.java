package io.latentlab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.Checksums;
import io.latentlab.ml.data.DatasetFile;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.ml.data.Idx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset of the test's own (three classes of 28x28 bars, 40 training and 12 test images each, the training
 * images gzipped) staged through {@code ./latentlab stage-dataset} and run end to end on the real local stack: the
 * manifest holds the files' checksums, the report names the classes; each bad file is refused with its name, and a
 * file corrupted in the bucket fails its run naming the file.
 */
class DatasetStagingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMES = "Circle,T-shirt/top,Bag";

    private final PipelineHarness pipeline = PipelineHarness.get();

    @TempDir
    Path dir;

    @Test
    void aTinyDatasetStagedThroughStageDatasetRunsEndToEndWithItsClassNames() throws IOException {
        Path[] files = writeTinySet("shapes", 3, 40, 12);
        assertThat(stage("e2e-shapes", files)).isZero();

        try (ArtifactStore store = pipeline.store()) {
            DatasetManifest manifest = DatasetManifest.fromJson(store.getByKey(StoreKeys.datasetManifest("e2e-shapes")));
            assertThat(manifest.classNames()).containsExactly("Circle", "T-shirt/top", "Bag");
            for (int i = 0; i < 4; i++) {
                DatasetFile described = manifest.files().get(i);
                byte[] written = Files.readAllBytes(files[i]);
                assertThat(described.sha256()).isEqualTo(Checksums.sha256Hex(written));
                assertThat(described.size()).isEqualTo(written.length);
                assertThat(store.getByKey(StoreKeys.datasetFile("e2e-shapes", described.file()))).isEqualTo(written);
            }
            assertThat(manifest.trainImages().file()).endsWith(".gz");

            int exit = run("e2e-shapes", "e2e-shapes");
            assertThat(exit).isZero();

            JsonNode report = JSON.readTree(Files.readAllBytes(pipeline.config().runsDir().resolve("e2e-shapes/report.json")));
            assertThat(report.at("/dataset/name").asText()).isEqualTo("e2e-shapes");
            // classes [2, 0, 1]: class index i is the request's i-th label value
            assertThat(report.at("/dataset/classNames")).extracting(JsonNode::asText).containsExactly("Bag", "Circle", "T-shirt/top");
            assertThat(report.at("/dataset/sourceSha256").asText()).isEqualTo(manifest.sha256());
            assertThat(report.at("/dataset/test").asInt()).isEqualTo(36);
            assertThat(report.get("rows")).allSatisfy(row -> assertThat(row.get("testAccuracy").asDouble()).isGreaterThan(0.5));
            assertThat(Files.readString(pipeline.config().runsDir().resolve("e2e-shapes/report.md")))
                    .contains("- dataset: e2e-shapes (sha256 `" + manifest.sha256() + "`), classes: Bag, Circle, T-shirt/top",
                            "T-shirt/top");
            assertThat(Files.readString(pipeline.config().runsDir().resolve("e2e-shapes/report.html")))
                    .contains("dataset <b>e2e-shapes</b> (classes Bag, Circle, T-shirt/top)");
        }
    }

    @Test
    void aFileCorruptedInTheBucketFailsTheRunNamingTheFile() throws IOException {
        assertThat(stage("e2e-corrupt", writeTinySet("corrupt", 3, 40, 12))).isZero();
        try (ArtifactStore store = pipeline.store()) {
            String key = StoreKeys.datasetFile("e2e-corrupt", "t10k-labels-idx1-ubyte");
            byte[] labels = store.getByKey(key);
            labels[20] ^= 1; // the same size: only its sha256 tells
            store.put(key, labels);
        }
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = run("e2e-corrupt", "e2e-corrupt");
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("run e2e-corrupt FAILED",
                "dataset 'e2e-corrupt' is corrupt: sha256 mismatch for e2e-corrupt/t10k-labels-idx1-ubyte");
    }

    @Test
    void stageDatasetRefusesEachProblemWithAClearReasonAndExitCode2() throws IOException {
        Path[] good = writeTinySet("good", 3, 4, 2);
        Path[] bad = good.clone();
        bad[0] = good[1]; // labels where images belong
        assertThat(refusal("bad-magic", bad)).contains("(train images): not an IDX3 unsigned-byte image file: magic 0x00000801");
        bad = good.clone();
        bad[2] = write("big.idx3", Idx.writeImages(2, 32, 32, new byte[2 * 32 * 32]));
        assertThat(refusal("bad-shape", bad)).contains(bad[2] + " (test images): images are 32x32 pixels: Latent Lab takes"
                + " 28x28 images only");
        bad = good.clone();
        bad[3] = write("five.idx1", Idx.writeLabels(new int[] {0, 1, 2, 0, 1}));
        assertThat(refusal("bad-count", bad)).contains("image and label counts differ: train 12/12, test 6/5");
        bad = good.clone();
        bad[1] = write("nine.idx1", Idx.writeLabels(new int[] {0, 1, 9, 0, 1, 2, 0, 1, 2, 0, 1, 2}));
        assertThat(refusal("bad-label", bad)).contains(bad[1] + " (train labels): label 9 at index 2 is not one of the 3"
                + " classes the manifest names (0-2)");
        bad = good.clone();
        bad[3] = dir.resolve("missing");
        assertThat(refusal("missing", bad)).contains("the test labels file " + bad[3] + " does not exist");
        assertThat(refusal("mnist", good)).contains("'mnist' is MNIST's own name: ./latentlab stage-mnist stages it");
        assertThat(refusal("Bad Name", good)).contains("--name must be 1-64 lower-case letters");
    }

    @Test
    void fashionMnistComesFromDebiansPackageWithThePinnedChecksums() throws IOException {
        boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
        if (!apt && !FashionMnist.verified(FashionMnist.INSTALLED)) {
            // without apt the refusal says how to install the package
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FashionMnist.fetch(dir.resolve("cache")))
                    .hasMessageContaining("sudo apt-get install dataset-fashion-mnist");
            return;
        }
        Path fetched = FashionMnist.fetch(dir.resolve("cache"));
        assertThat(FashionMnist.verified(fetched)).isTrue();
        for (var file : FashionMnist.SHA256.entrySet()) {
            assertThat(Checksums.sha256Hex(Files.readAllBytes(fetched.resolve(file.getKey())))).isEqualTo(file.getValue());
        }
    }

    /** The refusal stage-dataset prints on stderr (exit 2, like the CLI's other usage errors). */
    private String refusal(String name, Path[] files) {
        StringWriter err = new StringWriter();
        CommandLine cli = LatentLabCli.commandLine(pipeline.config());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(stageArgs(name, files))).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    private int stage(String name, Path[] files) {
        return LatentLabCli.execute(stageArgs(name, files), pipeline.config());
    }

    private static String[] stageArgs(String name, Path[] files) {
        return new String[] {"stage-dataset", "--name", name, "--train-images", files[0].toString(), "--train-labels",
                files[1].toString(), "--test-images", files[2].toString(), "--test-labels", files[3].toString(),
                "--class-names", NAMES};
    }

    /** Classes [2, 0, 1], 30 + 10 training and 12 test images each; raw pixels and PCA k=8, one small classifier. */
    private int run(String runId, String dataset) {
        String request = "{\"profile\":\"quick\",\"dataset\":\"" + dataset + "\",\"classes\":[2,0,1],"
                + "\"split\":{\"trainPerDigit\":30,\"valPerDigit\":10,\"testPerDigit\":12},"
                + "\"reducers\":[{\"kind\":\"raw\"},{\"kind\":\"pca\",\"k\":[8]}],"
                + "\"architectures\":[{\"name\":\"A1\",\"hidden\":[32]}],"
                + "\"training\":{\"learningRate\":0.01,\"batchSize\":16,\"maxEpochs\":4,\"patience\":2}}";
        return LatentLabCli.execute(new String[] {"run", "--run-id", runId, "--request", request, "--mnist-dir",
                PipelineHarness.mnistDir().toString(), "--timeout-minutes", "10"}, pipeline.config());
    }

    /**
     * Train and test images and labels: image i of a file shows class i % classes as a horizontal bar at a row of
     * its own, plus one random grey pixel; the training images gzipped.
     */
    private Path[] writeTinySet(String prefix, int classes, int trainPerClass, int testPerClass) throws IOException {
        Random random = new Random(7);
        return new Path[] {
            write(prefix + "-train-images.gz", gzip(images(classes * trainPerClass, classes, random))),
            write(prefix + "-train-labels", labels(classes * trainPerClass, classes)),
            write(prefix + "-test-images", images(classes * testPerClass, classes, random)),
            write(prefix + "-test-labels", labels(classes * testPerClass, classes))};
    }

    private static byte[] images(int count, int classes, Random random) {
        byte[] pixels = new byte[count * 784];
        for (int i = 0; i < count; i++) {
            int row = 4 + (i % classes) * 20 / Math.max(1, classes - 1);
            for (int x = 4; x < 24; x++) {
                pixels[i * 784 + row * 28 + x] = (byte) 255;
            }
            pixels[i * 784 + random.nextInt(784)] = (byte) 128;
        }
        return Idx.writeImages(count, 28, 28, pixels);
    }

    private static byte[] labels(int count, int classes) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
        }
        return Idx.writeLabels(labels);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
