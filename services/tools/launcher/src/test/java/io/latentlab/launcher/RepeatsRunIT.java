package io.latentlab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny study over two seeds through every stage (issue 13): every configuration trained once per seed,
 * per-row statistics, paired comparisons, a verdict, charts, stored test probabilities and provenance;
 * then the same request on its first seed alone (every job reused) compared with it by {@code latentlab compare}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepeatsRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "e2e-repeats";
    private static final String FIRST_SEED_ONLY = "e2e-repeats-seed42";
    /** raw + pca k=16,32 + ae1 k=16 + dae k=16 at noise 0.3; one small architecture; 40/15/20 images per digit. */
    private static final String REQUEST = """
            {"profile":"quick","seed":"42","repeats":2,
             "split":{"trainPerDigit":40,"valPerDigit":15,"testPerDigit":20},
             "reducers":[{"kind":"raw"},{"kind":"pca","k":[16,32]},{"kind":"ae1","k":[16]},{"kind":"dae","k":[16]}],
             "noiseFactors":[0.3],
             "architectures":[{"name":"T1","hidden":[32]}],
             "training":{"learningRate":0.001,"batchSize":32,"maxEpochs":3,"patience":2},
             "reducerTraining":{"learningRate":0.001,"batchSize":32,"maxEpochs":3,"patience":2}}""".replace("\n", "");

    private final PipelineHarness pipeline = PipelineHarness.get();

    @Test
    @Order(1)
    void twoSeedsGiveIntervalsPairedComparisonsAVerdictAndCharts() throws IOException {
        assertThat(run(RUN, REQUEST)).isZero();
        JsonNode report = readReport(RUN);

        assertThat(report.at("/repeats/n").asInt()).isEqualTo(2);
        List<Long> seeds = new ArrayList<>();
        report.at("/repeats/seeds").forEach(s -> seeds.add(s.asLong()));
        assertThat(seeds).hasSize(2).startsWith(42L);

        JsonNode rows = report.get("rows");
        assertThat(rows).hasSize(5);
        Set<String> jobIds = new HashSet<>();
        for (JsonNode row : rows) {
            assertThat(row.get("n").asInt()).as("seeds of %s", row.get("jobId")).isEqualTo(2);
            assertThat(row.get("perSeed")).hasSize(2);
            row.get("perSeed").forEach(s -> jobIds.add(s.get("jobId").asText()));
            JsonNode test = row.at("/stats/testAccuracy");
            assertThat(test.get("method").asText()).isEqualTo("t");
            assertThat(test.get("n").asInt()).isEqualTo(2);
            assertThat(test.at("/ci95/0").asDouble()).isLessThanOrEqualTo(test.get("mean").asDouble());
            assertThat(test.at("/ci95/1").asDouble()).isGreaterThanOrEqualTo(test.get("mean").asDouble());
            assertThat(test.get("mean").asDouble()).isEqualTo(row.get("testAccuracy").asDouble());
            assertThat(row.at("/stats/valAccuracy/n").asInt()).isEqualTo(2);
            boolean raw = row.get("reducer").asText().equals("raw");
            assertThat(row.at("/stats/reconMseTest").isNull()).isEqualTo(raw);
            // the confusion matrices hold both seeds' 100 test images
            int images = 0;
            for (JsonNode line : row.get("confusionTest")) {
                for (JsonNode count : line) {
                    images += count.asInt();
                }
            }
            assertThat(images).isEqualTo(200);
        }
        assertThat(jobIds).contains("raw-T1", "raw-s2-T1", "pca-k16-T1", "pca-k16-s2-T1", "dae30-k16-T1", "dae30-k16-s2-T1");

        JsonNode comparisons = report.get("comparisons");
        List<String> kinds = new ArrayList<>();
        comparisons.forEach(c -> kinds.add(c.get("kind").asText()));
        assertThat(kinds).contains("vs-raw", "vs-pca", "dae-vs-ae1");
        comparisons.forEach(c -> {
            assertThat(c.at("/result/test").asText()).isEqualTo("paired-t");
            assertThat(c.at("/result/n").asInt()).isEqualTo(2);
        });
        List<String> verdict = new ArrayList<>();
        report.get("verdict").forEach(v -> verdict.add(v.asText()));
        assertThat(verdict.get(0)).startsWith("2 seeds (42, ").contains("paired t-test");
        long significant = 0;
        for (JsonNode c : comparisons) {
            significant += c.at("/result/significant").asBoolean() ? 1 : 0;
        }
        assertThat(verdict.stream().filter(s -> s.contains(" beats ") || s.contains(" trails ")).count()).isEqualTo(significant);
        assertThat(verdict).last().asString().contains("of " + comparisons.size() + " comparisons differ at the 5 % level")
                .contains("Holm's step-down correction");
        comparisons.forEach(c -> {
            if (!c.at("/result/pValue").isNull()) {
                // the default correction, never below the raw p, and "significant" judged on it
                assertThat(c.get("correction").asText()).isEqualTo("holm");
                assertThat(c.get("pAdjusted").asDouble()).isBetween(c.at("/result/pValue").asDouble(), 1.0);
                if (c.at("/result/significant").asBoolean()) {
                    assertThat(c.get("pAdjusted").asDouble()).isLessThan(0.05);
                }
            }
        });
        // report.csv travels with the report: a header and one line per row of report.json
        List<String> csv = Files.readAllLines(pipeline.config().runsDir().resolve(RUN).resolve("report.csv"));
        assertThat(csv).hasSize(rows.size() + 1);
        assertThat(csv.get(0)).startsWith("family,reducer,noise,k,arch,n,valAccuracy,");

        assertThat(report.get("charts")).extracting(c -> c.get("name").asText())
                .containsExactly("accuracy-vs-k", "recon-mse-vs-k", "training-time", "timeline");
        String html = Files.readString(pipeline.config().runsDir().resolve(RUN).resolve("report.html"));
        assertThat(html.indexOf("<h2>Verdict</h2>")).isPositive().isLessThan(html.indexOf("<h2>Charts</h2>"));
        assertThat(html).contains("<figcaption>Test accuracy vs k</figcaption>", "<svg xmlns=\"http://www.w3.org/2000/svg\"",
                "code size k (log\u2082 scale)", "Provenance");
        // the images behind each difference: the first seed's (42), counted over its 100 test images, a sheet per
        // direction that has any, stored with the run's pictures and inlined in report.html
        int sheets = 0;
        for (JsonNode c : comparisons) {
            JsonNode discordant = c.get("discordant");
            assertThat(discordant.isObject()).as("discordant of %s", c.at("/a/label")).isTrue();
            assertThat(discordant.get("seed").asLong()).isEqualTo(42);
            assertThat(discordant.get("repeat").asInt()).isZero();
            int aRight = discordant.get("aRightBWrong").asInt();
            int bRight = discordant.get("bRightAWrong").asInt();
            assertThat(aRight + bRight).isBetween(0, 100);
            assertThat(discordant.get("shown").asInt()).isEqualTo(Math.min(aRight, 24) + Math.min(bRight, 24));
            assertThat(discordant.get("sheets")).hasSize((aRight > 0 ? 1 : 0) + (bRight > 0 ? 1 : 0));
            sheets += discordant.get("sheets").size();
        }
        assertThat(sheets).isPositive();
        assertThat(html).contains("<h2>The images behind each difference</h2>",
                "these are the images of the run's first seed (42)");
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(report.get("pictures").size() + sheets + 1);

        assertThat(report.get("predictions")).hasSize(10);
        try (ArtifactStore store = pipeline.store()) {
            for (JsonNode chart : report.get("charts")) {
                assertThat(new String(store.getByKey(chart.get("key").asText()), StandardCharsets.UTF_8)).startsWith("<svg");
            }
            for (JsonNode c : comparisons) {
                for (JsonNode sheet : c.at("/discordant/sheets")) {
                    assertThat(store.exists(sheet.get("key").asText())).as(sheet.get("name").asText()).isTrue();
                }
            }
            JsonNode probabilities = report.at("/predictions/0/testProbabilities");
            FloatMatrix p = Npy.readFloatMatrix(store.getByKey(probabilities.get("key").asText()));
            assertThat(p.rows()).isEqualTo(100);
            assertThat(p.cols()).isEqualTo(5);
            for (int r = 0; r < p.rows(); r++) {
                double sum = 0;
                for (int c = 0; c < p.cols(); c++) {
                    sum += p.data()[r * p.cols() + c];
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            }
        }
        assertThat(report.at("/provenance/codeVersion").asText()).matches("[0-9a-f]{12}(-dirty)?|unknown");
        JsonNode environment = report.at("/provenance/environments/0/environment");
        assertThat(environment.get("dl4j").asText()).isEqualTo("1.0.0-M2.1");
        assertThat(environment.get("threadsPerTraining").asInt()).isEqualTo(1);
        assertThat(environment.get("cpuModel").asText()).isNotBlank();
        assertThat(environment.get("blas").asText()).containsIgnoringCase("openblas");
    }

    @Test
    @Order(2)
    void theFirstSeedAloneReusesEveryJobAndCompareLaysTheRunsSideBySide() throws IOException {
        String firstSeed = REQUEST.replace("\"repeats\":2,", "");
        assertThat(run(FIRST_SEED_ONLY, firstSeed)).isZero();
        JsonNode one = readReport(FIRST_SEED_ONLY);
        assertThat(one.at("/repeats/n").asInt()).isEqualTo(1);
        assertThat(one.get("rows")).allSatisfy(row -> {
            assertThat(row.at("/stats/testAccuracy/method").asText()).isEqualTo("wilson");
            assertThat(row.get("cachedFrom").asText()).as("%s reused", row.get("jobId")).isEqualTo(RUN);
        });
        assertThat(one.get("verdict").get(0).asText()).startsWith("One seed (42)");
        // one seed: McNemar's test, whose discordant pairs are the images behind each difference
        assertThat(one.get("comparisons")).isNotEmpty().allSatisfy(c -> {
            assertThat(c.at("/result/test").asText()).isEqualTo("mcnemar-exact");
            assertThat(c.at("/discordant/aRightBWrong").asInt()).isEqualTo(c.at("/result/onlyA").asInt());
            assertThat(c.at("/discordant/bRightAWrong").asInt()).isEqualTo(c.at("/result/onlyB").asInt());
        });

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = LatentLabCli.execute(new String[]{"compare", RUN, FIRST_SEED_ONLY}, pipeline.config());
        } finally {
            System.setOut(stdout);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(exit).isZero();
        assertThat(text).contains("Runs (the first is the baseline):", "  " + RUN + "  profile quick, dataset mnist, 2 seeds 42, ",
                "Request differences:", "repeats: " + RUN + "=2  " + FIRST_SEED_ONLY + "=(none)",
                "pca k=16 T1", "dae-30 k=16 T1", "raw T1", "Verdict of " + FIRST_SEED_ONLY + ":");
        assertThat(text).doesNotContain("Only in some runs");
    }

    private int run(String runId, String request) {
        return LatentLabCli.execute(new String[]{"run", "--run-id", runId, "--request", request,
                "--mnist-dir", PipelineHarness.mnistDir().toString(), "--timeout-minutes", "10"}, pipeline.config());
    }

    private JsonNode readReport(String runId) throws IOException {
        Path json = pipeline.config().runsDir().resolve(runId).resolve("report.json");
        return JSON.readTree(json.toFile());
    }
}
