package io.latentlab.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RunComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode report(String runId, long seed, String rows) throws Exception {
        return JSON.readTree("""
                {"runId":"%s","profile":"quick","codeVersion":"abc","verdict":["%s says so."],
                 "request":{"runId":"%s","profile":"quick","seed":"%d","repeats":3},
                 "repeats":{"n":3,"seeds":[%d,11,12]},
                 "rows":[%s]}""".formatted(runId, runId, runId, seed, seed, rows));
    }

    private static String row(String reducer, Double noise, int k, String arch, double test, double lo, double hi, Double mse) {
        return """
                {"jobId":"x","reducer":"%s","noise":%s,"k":%d,"arch":"%s","n":3,"valAccuracy":0.9,"testAccuracy":%s,
                 "trainSeconds":2.0,"reconMse":%s,"stats":{"testAccuracy":{"n":3,"mean":%s,"ci95":[%s,%s]}}}"""
                .formatted(reducer, noise, k, arch, test, mse == null ? "null" : "{\"train\":0,\"val\":0,\"test\":" + mse + "}",
                        test, lo, hi);
    }

    @Test
    void sharedRowsAreComparedAndTheRestListed() throws Exception {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        reports.put("a", report("a", 42, String.join(",",
                row("raw", null, 784, "A1", 0.97, 0.965, 0.975, null),
                row("pca", null, 64, "A1", 0.95, 0.948, 0.952, 0.02),
                row("ae1", null, 64, "A1", 0.96, 0.95, 0.97, 0.015))));
        reports.put("b", report("b", 7, String.join(",",
                row("raw", null, 784, "A1", 0.971, 0.966, 0.976, null),
                row("pca", null, 64, "A1", 0.94, 0.938, 0.942, 0.021),
                row("dae", 0.2, 256, "A1", 0.96, 0.95, 0.97, 0.01))));

        RunComparison.Result result = RunComparison.compare(reports);

        assertThat(result.runs()).extracting(RunComparison.RunInfo::runId).containsExactly("a", "b");
        assertThat(result.runs().get(1).seeds()).containsExactly(7L, 11L, 12L);
        assertThat(result.runs().get(1).verdict()).containsExactly("b says so.");
        assertThat(result.rows()).extracting(RunComparison.Row::label).containsExactly("raw A1", "pca k=64 A1");
        RunComparison.Cell rawB = result.rows().get(0).cells().get(1);
        assertThat(rawB.testDifferencePoints()).isCloseTo(0.1, within(1e-9));
        assertThat(rawB.beyondNoise()).isFalse();
        RunComparison.Cell pcaB = result.rows().get(1).cells().get(1);
        assertThat(pcaB.testDifferencePoints()).isCloseTo(-1.0, within(1e-9));
        assertThat(pcaB.beyondNoise()).as("[0.938, 0.942] and [0.948, 0.952] do not overlap").isTrue();
        assertThat(pcaB.reconMseTestDifference()).isCloseTo(0.001, within(1e-12));
        assertThat(result.rows().get(1).cells().get(0).testDifferencePoints()).isNull();
        assertThat(result.unshared()).extracting(RunComparison.Unshared::label, RunComparison.Unshared::presentIn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ae1 k=64 A1", java.util.List.of("a")),
                        org.assertj.core.groups.Tuple.tuple("dae-20 k=256 A1", java.util.List.of("b")));
        assertThat(result.requestDifferences()).extracting(RunComparison.RequestDifference::field).containsExactly("seed");
        assertThat(result.requestDifferences().get(0).values()).containsExactly("42", "7");
    }

    @Test
    void theTerminalViewShowsEveryRunTheDifferencesAndWhatIsNotShared() throws Exception {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        reports.put("a", report("a", 42, String.join(",",
                row("pca", null, 64, "A1", 0.95, 0.948, 0.952, 0.02),
                row("ae1", null, 64, "A1", 0.96, 0.95, 0.97, 0.015))));
        reports.put("b", report("b", 7, row("pca", null, 64, "A1", 0.94, 0.938, 0.942, 0.021)));

        String text = ComparisonText.render(RunComparison.compare(reports));

        assertThat(text).contains("Runs (the first is the baseline):\n  a  profile quick, dataset mnist, 3 seeds 42, 11, 12, code abc\n",
                "Request differences:\n  seed: a=42  b=7\n",
                "95.00 % [94.80-95.20] mse 0.02000", "94.00 % [93.80-94.20] mse 0.02100", "-1.00 beyond noise",
                "Only in some runs (not compared):\n  ae1 k=64 A1 \u2014 only in a\n",
                "Verdict of b:\n  - b says so.\n");
        assertThat(text.lines().filter(l -> l.startsWith("  pca k=64 A1")).count()).isEqualTo(1);
    }

    @Test
    void runsOnDifferentDatasetsShowTheirClassesRowsSideBySideAndWhereEachVerdictHolds() {
        RunComparison.Result result = RunComparison.compare(CrossDatasetReports.mnistThenFashion());

        assertThat(result.runs()).extracting(r -> r.dataset().name()).containsExactly("mnist", "fashion");
        assertThat(result.requestDifferences()).extracting(RunComparison.RequestDifference::field)
                .contains("dataset", "digits", "classes");
        RunComparison.Row dae = result.rows().get(5);
        assertThat(dae.label()).isEqualTo("dae-20 k=64 A1");
        assertThat(dae.cells()).extracting(RunComparison.Cell::testAccuracy, RunComparison.Cell::reconMseTest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0.965, 0.011),
                        org.assertj.core.groups.Tuple.tuple(0.835, 0.0085));

        String text = ComparisonText.render(result);

        assertThat(text).contains("  fashion-seed  profile seed, dataset fashion, 3 seeds",
                "Classes:\n  mnist-seed (mnist): 0, 1, 2, 3, 4\n  fashion-seed (fashion): T-shirt/top, Trouser, Pullover, Dress, Coat\n",
                "  AE-1 vs PCA at the same k: holds on both\n"
                        + "      mnist: +1.00 [+0.60, +1.40] p=0.00200 p-adjusted=0.00800 (holm) significant (AE-1 at k=64 (A1) vs PCA at k=64 (A1))\n"
                        + "      fashion: +2.00 [+1.20, +2.80] p=0.00100 p-adjusted=0.00500 (holm) significant (AE-1 at k=16 (A1) vs PCA at k=16 (A1))\n",
                "  AE-1 vs raw pixels: only on mnist\n",
                "  DAE-20 vs AE-1 at k=64: only compared on mnist\n",
                "      fashion: not compared\n",
                "  ae3 k=64 A2 \u2014 only in fashion-seed\n");
    }

    @Test
    void reportsWithoutIntervalsCompareWithoutAVerdictOnNoise() throws Exception {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        reports.put("old", JSON.readTree("{\"rows\":[{\"reducer\":\"pca\",\"k\":16,\"arch\":\"A1\",\"testAccuracy\":0.9}]}"));
        reports.put("new", report("new", 1, row("pca", null, 16, "A1", 0.92, 0.91, 0.93, 0.02)));
        RunComparison.Cell cell = RunComparison.compare(reports).rows().get(0).cells().get(1);
        assertThat(cell.testDifferencePoints()).isCloseTo(2.0, within(1e-9));
        assertThat(cell.beyondNoise()).isNull();
    }

    @Test
    void oneRunIsNoComparison() {
        assertThatThrownBy(() -> RunComparison.compare(Map.of("a", JSON.createObjectNode())))
                .hasMessageContaining("at least two runs");
    }
}
