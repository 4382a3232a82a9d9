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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick profile through all four services on real Kafka and S3, driven the way ./latentlab run drives it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLASSIFIERS = 15; // (raw + pca x 4 k) x 3 architectures

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
            configurations.add(row.get("reducer").asText() + "/" + row.get("k").asInt() + "/" + row.get("arch").asText());
            assertThat(row.get("testAccuracy").asDouble()).as("test accuracy of %s", row.get("jobId")).isGreaterThan(0.7);
            assertThat(row.get("valAccuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(row.get("epochs").asInt()).isBetween(1, 8);
            assertThat(confusionTotal(row.get("confusionTest"))).isEqualTo(250);
            assertThat(row.get("reconMse").isNull()).isEqualTo(row.get("reducer").asText().equals("raw"));
        }
        Set<String> expected = new HashSet<>();
        for (String arch : List.of("A1", "A2", "A3")) {
            expected.add("raw/784/" + arch);
            for (int k : List.of(32, 64, 128, 256)) {
                expected.add("pca/" + k + "/" + arch);
            }
        }
        assertThat(configurations).isEqualTo(expected);
        assertThat(rows).hasSize(CLASSIFIERS);
        assertThat(pcaTestMseByK(rows)).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(report.get("overall")).hasSize(2);

        assertThat(Files.readString(pipeline.config().runsDir().resolve("e2e-quick/report.md")))
                .contains("## Overall", "| pca | ", "| raw | 784 |");
        try (ArtifactStore store = pipeline.store()) {
            assertThat(store.exists("runs/e2e-quick/report.json")).isTrue();
            assertThat(store.exists("runs/e2e-quick/report.md")).isTrue();
        }
    }

    @Test
    @Order(2)
    void repeatedRequestReusesEveryJobAndDoublesNothing() throws IOException {
        List<String> trainedBefore = classifierResults();
        int exit = LatentLabCli.execute(new String[]{"run", "--profile", "quick", "--run-id", "e2e-quick-again",
                "--mnist-dir", PipelineHarness.mnistDir().toString(), "--timeout-minutes", "10"}, pipeline.config());
        assertThat(exit).isZero();

        assertThat(classifierResults()).as("no classifier trained twice").isEqualTo(trainedBefore).hasSize(CLASSIFIERS);
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

    private static List<Double> pcaTestMseByK(JsonNode rows) {
        List<Double> mse = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.get("reducer").asText().equals("pca") && row.get("arch").asText().equals("A1")) {
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
