package io.latentlab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.store.ArtifactStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The quick profile through all four services on real Kafka and S3, driven the way ./latentlab run drives it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** (raw + (pca, ae1, ae3) x 4 k + dae x 2 noise factors) x 3 architectures. */
    private static final int CLASSIFIERS = 45;
    private static final int REDUCERS = 15;
    private static final List<Integer> KS = List.of(32, 64, 128, 256);

    private final PipelineHarness pipeline = PipelineHarness.get();

    @Test
    @Order(1)
    void quickProfileProducesEveryRowOfTheReport() throws IOException {
        int exit = LatentLabCli.execute(new String[]{"run", "--profile", "quick", "--run-id", "e2e-quick",
                "--mnist-dir", PipelineHarness.mnistDir().toString(), "--timeout-minutes", "20"}, pipeline.config());
        assertThat(exit).isZero();

        JsonNode report = readReport("e2e-quick");
        assertThat(report.get("runId").asText()).isEqualTo("e2e-quick");
        assertThat(report.get("profile").asText()).isEqualTo("quick");
        assertThat(report.at("/dataset/train").asInt()).isEqualTo(750);
        assertThat(report.at("/dataset/test").asInt()).isEqualTo(250);
        assertThat(report.at("/request/seed").asLong()).isEqualTo(42);

        JsonNode rows = report.get("rows");
        Set<String> configurations = new HashSet<>();
        for (JsonNode row : rows) {
            configurations.add(row.get("reducer").asText() + "/" + row.get("k").asInt() + "/" + row.get("arch").asText()
                    + "/" + row.get("noise").asText());
            // above chance (0.2) everywhere; a 5-epoch autoencoder with a small code may still be poor
            assertThat(row.get("testAccuracy").asDouble()).as("test accuracy of %s", row.get("jobId")).isGreaterThan(0.3);
            assertThat(row.get("valAccuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(row.get("epochs").asInt()).isBetween(1, 8);
            assertThat(confusionTotal(row.get("confusionTest"))).isEqualTo(250);
            assertThat(row.get("reconMse").isNull()).isEqualTo(row.get("reducer").asText().equals("raw"));
            if (!row.get("reducer").asText().equals("raw")) {
                assertThat(row.at("/reconMse/test").asDouble()).as("recon MSE of %s", row.get("jobId")).isBetween(0.0, 0.08);
            }
        }
        Set<String> expected = new HashSet<>();
        for (String arch : List.of("A1", "A2", "A3")) {
            expected.add("raw/784/" + arch + "/null");
            for (int k : KS) {
                for (String reducer : List.of("pca", "ae1", "ae3")) {
                    expected.add(reducer + "/" + k + "/" + arch + "/null");
                }
            }
            expected.add("dae/256/" + arch + "/0.2");
            expected.add("dae/256/" + arch + "/0.4");
        }
        assertThat(configurations).isEqualTo(expected);
        assertThat(rows).hasSize(CLASSIFIERS);
        assertThat(testMseByK(rows, "pca")).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(report.get("overall")).extracting(r -> r.get("reducer").asText() + r.get("noise").asText())
                .containsExactly("rawnull", "pcanull", "ae1null", "ae3null", "dae0.2", "dae0.4");
        assertThat(report.get("overall")).allSatisfy(best -> assertThat(best.get("testAccuracy").asDouble())
                .as("best %s", best.get("jobId")).isGreaterThan(0.85));

        assertThat(pictureNames(report)).containsAll(expectedPictures());
        String html = Files.readString(pipeline.config().runsDir().resolve("e2e-quick/report.html"));
        // every picture, and the sheets of the images behind each comparison's difference, inlined
        int sheets = 0;
        for (JsonNode comparison : report.get("comparisons")) {
            sheets += comparison.at("/discordant/sheets").size();
        }
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(report.get("pictures").size() + sheets + 1);
        assertThat(html).contains("Overall", "dae-20", "dae-40", "Encoder weights", "Learning curves");
        assertThat(Files.readString(pipeline.config().runsDir().resolve("e2e-quick/report.md")))
                .contains("## Overall", "| pca | ", "| raw | 784 |", "| ae3 | ", "| dae-40 | 256 |");
        try (ArtifactStore store = pipeline.store()) {
            for (String name : List.of("report.json", "report.md", "report.html", "report.csv")) {
                assertThat(store.exists("runs/e2e-quick/" + name)).as(name).isTrue();
            }
            for (JsonNode picture : report.get("pictures")) {
                assertThat(store.exists(picture.get("key").asText())).as(picture.get("name").asText()).isTrue();
            }
            // the stages share the machine's training slots: never more trainings at once than slots, whichever
            // service ran them (each job's time in its slot is in its stored row)
            // ModelServerIT sends the same request under another run id: the run that came first trained every job
            String trained = trainedRun(store);
            Map<String, long[]> spans = new HashMap<>();
            for (String key : store.list("runs/" + trained + "/rows/")) {
                JsonNode row = new ObjectMapper().readTree(store.getByKey(key));
                for (String span : List.of("classifierSpan", "reducerSpan")) {
                    JsonNode s = row.get(span);
                    if (s != null && !s.isNull()) {
                        spans.put(s.get("jobId").asText(), new long[]{s.get("startMs").asLong(), s.get("endMs").asLong()});
                    }
                }
            }
            assertThat(spans).hasSize(CLASSIFIERS + REDUCERS);
            assertThat(mostAtOnce(spans.values())).isEqualTo(PipelineHarness.SLOTS);
            assertThat(store.exists("runs/" + trained + "/charts/timeline.svg")).isTrue();
            assertThat(new String(store.getByKey("runs/" + trained + "/report.html"), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("Run timeline", "<title>ae3-k64: ");
        }
    }

    /** e2e-quick, or the run whose jobs it reused (rows name it in cachedFrom). */
    private static String trainedRun(ArtifactStore store) throws IOException {
        for (String key : store.list("runs/e2e-quick/rows/")) {
            JsonNode cachedFrom = new ObjectMapper().readTree(store.getByKey(key)).get("cachedFrom");
            if (cachedFrom != null && !cachedFrom.isNull()) {
                return cachedFrom.asText();
            }
        }
        return "e2e-quick";
    }

    /** The most intervals [start, end) that overlap at one time. */
    private static int mostAtOnce(java.util.Collection<long[]> spans) {
        List<long[]> events = new ArrayList<>();
        for (long[] span : spans) {
            events.add(new long[]{span[0], 1});
            events.add(new long[]{span[1], -1});
        }
        events.sort(java.util.Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int running = 0;
        int most = 0;
        for (long[] e : events) {
            running += (int) e[1];
            most = Math.max(most, running);
        }
        return most;
    }

    @Test
    @Order(3)
    void theStudyBenchMeasuresTheRunItsJobsAndTheClusterPrediction() throws IOException {
        // the calibration's JVM runs ml-bench's EpochCostBench (built before this module in the reactor)
        Path mlBench = PipelineHarness.root().resolve("services/tools/ml-bench/target");
        System.setProperty("latentlab.ml.classpath", mlBench.resolve("ml-bench-0.1.0-SNAPSHOT.jar") + ":" + mlBench.resolve("lib/*"));
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        String trained;
        try (ArtifactStore store = pipeline.store()) {
            trained = trainedRun(store);
        }
        try {
            exit = LatentLabCli.execute(new String[]{"bench-study", "--run", trained}, pipeline.config());
        } finally {
            System.setOut(stdout);
        }
        String out = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        stdout.print(out);

        assertThat(exit).isZero();
        String[] lines = out.strip().split("\n");
        assertThat(lines[lines.length - 1]).matches(
                "study bench: wall \\d+\\.\\d s, efficiency 0\\.\\d\\d, mean concurrency \\d\\.\\d\\d, cores \\d+");
        assertThat(out).contains("calibrated", "ae:784-400-64-400-784", "mlp:784-512-512-512-5",
                "time at each level of concurrency", "longest reducer -> classifier chain", "32 training slots");
        JsonNode bench = new ObjectMapper().readTree(pipeline.config().runsDir().resolve(trained).resolve("bench.json").toFile());
        JsonNode figures = bench.get("figures");
        assertThat(figures.get("trainings").asInt()).isEqualTo(CLASSIFIERS + 10); // and the autoencoders: ae1, ae3 x 4 k and the two dae
        assertThat(figures.get("efficiency").asDouble()).isBetween(0.01, 1.0);
        if (Runtime.getRuntime().availableProcessors() > 1) {
            // every shape calibrated a second time with all cores training, and the run priced at that cost
            assertThat(out).contains("s/epoch with", "this machine's ceiling", "efficiency against that ceiling");
            assertThat(bench.get("secondsPerEpochWithAllCoresTraining").size()).isEqualTo(bench.get("secondsPerEpochAloneOnOneCore").size());
            JsonNode ceiling = bench.get("machineCeiling");
            assertThat(ceiling.get("ceiling").asDouble()).isPositive();
            assertThat(ceiling.get("efficiencyAgainstCeiling").asDouble() * ceiling.get("ceiling").asDouble())
                    .isCloseTo(figures.get("efficiency").asDouble(), within(1e-6));
        }
        // never more than two at once: the levels of concurrency stop at the slots (trainings and noise copies)
        assertThat(figures.get("concurrency").size()).isLessThanOrEqualTo(PipelineHarness.SLOTS + 1);
        // more slots never make the prediction longer, and none beats the longest chain
        double two = figures.at("/makespans/2").asDouble();
        double many = figures.at("/makespans/32").asDouble();
        assertThat(many).isLessThanOrEqualTo(two).isGreaterThanOrEqualTo(figures.get("simulatedChainSeconds").asDouble() - 1e-6);
    }

    /** docs/study.md's pictures: noise, reconstructions, encoder weights, learning curves, confusion matrices. */
    private static Set<String> expectedPictures() {
        Set<String> names = new HashSet<>(List.of("noisy-dae20", "noisy-dae40", "recon-dae20-k256", "recon-dae40-k256",
                "weights-ae1-k256", "weights-dae20-k256", "weights-dae40-k256", "curve-dae20-k256", "curve-dae40-k256",
                "confusion-raw", "confusion-pca", "confusion-ae1", "confusion-ae3", "confusion-dae-20", "confusion-dae-40"));
        for (int k : KS) {
            for (String reducer : List.of("pca", "ae1", "ae3")) {
                names.add("recon-" + reducer + "-k" + k);
            }
            names.add("curve-ae1-k" + k);
            names.add("curve-ae3-k" + k);
        }
        for (String arch : List.of("A1", "A2", "A3")) {
            names.add("curve-raw-" + arch);
            names.add("curve-dae20-k256-" + arch);
        }
        return names;
    }

    private static Set<String> pictureNames(JsonNode report) {
        Set<String> names = new HashSet<>();
        report.get("pictures").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    @Test
    @Order(2)
    void repeatedRequestReusesEveryJobAndDoublesNothing() throws IOException {
        List<String> trainedBefore = classifierResults();
        int exit = LatentLabCli.execute(new String[]{"run", "--profile", "quick", "--run-id", "e2e-quick-again",
                "--mnist-dir", PipelineHarness.mnistDir().toString(), "--timeout-minutes", "10"}, pipeline.config());
        assertThat(exit).isZero();

        assertThat(classifierResults()).as("no classifier trained twice").isEqualTo(trainedBefore)
                .hasSizeGreaterThanOrEqualTo(CLASSIFIERS);
        JsonNode first = readReport("e2e-quick").get("rows");
        JsonNode again = readReport("e2e-quick-again").get("rows");
        assertThat(again).hasSize(CLASSIFIERS);
        for (int i = 0; i < CLASSIFIERS; i++) {
            assertThat(again.get(i).get("testAccuracy")).isEqualTo(first.get(i).get("testAccuracy"));
        }
    }

    private List<String> classifierResults() {
        try (ArtifactStore store = pipeline.store()) {
            return new ArrayList<>(store.list("jobs/classifier-trainer/").stream()
                    .filter(key -> key.endsWith("result.pb")).sorted().toList());
        }
    }

    private JsonNode readReport(String runId) throws IOException {
        Path json = pipeline.config().runsDir().resolve(runId).resolve("report.json");
        return JSON.readTree(json.toFile());
    }

    private static List<Double> testMseByK(JsonNode rows, String reducer) {
        List<Double> mse = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.get("reducer").asText().equals(reducer) && row.get("arch").asText().equals("A1")) {
                mse.add(row.at("/reconMse/test").asDouble());
            }
        }
        return mse;
    }

    private static int confusionTotal(JsonNode matrix) {
        int total = 0;
        for (JsonNode line : matrix) {
            for (JsonNode count : line) {
                total += count.asInt();
            }
        }
        return total;
    }
}
