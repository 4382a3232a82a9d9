package io.latentlab.kit.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lays several runs' report.json side by side, configuration by configuration (reducer, noise, k,
 * architecture). Rows every run has are compared: each run's numbers and, for every run after the first,
 * its difference from the first run. A difference is {@code beyondNoise} when the two runs' 95 % intervals
 * of test accuracy do not overlap (a conservative reading: overlapping intervals may still differ), and
 * {@code null} when a report has no intervals. Rows only some runs have are listed, not compared; so are
 * the request fields in which the runs differ. Runs on different datasets compare the same way (rows match by
 * configuration, not by data); each run names its dataset, and {@code verdicts} says for each paired comparison
 * behind the verdicts whether it holds in every run ({@link VerdictAgreement}). The control service
 * ({@code GET /api/compare}) and {@code ./latentlab compare} both use this.
 */
public final class RunComparison {

    private RunComparison() {
    }

    /** One run as the comparison shows it. */
    public record RunInfo(String runId, String profile, RunDataset dataset, int repeats, List<Long> seeds,
                          String codeVersion, List<String> verdict) {
    }

    /** A request field whose value differs between the runs (values as JSON text, "" when absent). */
    public record RequestDifference(String field, List<String> values) {
    }

    /** One run's numbers for one configuration. Accuracies are fractions, differences percentage points. */
    public record Cell(String runId, int n, double valAccuracy, double testAccuracy, List<Double> testCi95,
                       Double reconMseTest, double trainSeconds, Double testDifferencePoints,
                       Double reconMseTestDifference, Boolean beyondNoise) {
    }

    /** A configuration every run has. */
    public record Row(String key, String label, String reducer, Double noise, int k, String arch, List<Cell> cells) {
    }

    /** A configuration only some runs have. */
    public record Unshared(String key, String label, List<String> presentIn) {
    }

    public record Result(List<RunInfo> runs, List<RequestDifference> requestDifferences, List<Row> rows,
                         List<Unshared> unshared, List<VerdictAgreement.Line> verdicts) {
    }

    /** @param reports report.json of each run, by run id, in the order to show them (the first is the baseline) */
    public static Result compare(Map<String, JsonNode> reports) {
        if (reports.size() < 2) {
            throw new IllegalArgumentException("a comparison needs at least two runs, got " + reports.keySet());
        }
        List<String> runIds = List.copyOf(reports.keySet());
        List<RunInfo> runs = new ArrayList<>();
        List<Map<String, JsonNode>> rowsByRun = new ArrayList<>();
        Set<String> allKeys = new LinkedHashSet<>();
        for (String runId : runIds) {
            JsonNode report = reports.get(runId);
            runs.add(info(runId, report));
            Map<String, JsonNode> rows = new LinkedHashMap<>();
            for (JsonNode row : report.path("rows")) {
                rows.put(key(row), row);
            }
            rowsByRun.add(rows);
            allKeys.addAll(rows.keySet());
        }
        List<Row> shared = new ArrayList<>();
        List<Unshared> unshared = new ArrayList<>();
        for (String key : allKeys) {
            List<String> presentIn = new ArrayList<>();
            JsonNode example = null;
            for (int i = 0; i < runIds.size(); i++) {
                JsonNode row = rowsByRun.get(i).get(key);
                if (row != null) {
                    presentIn.add(runIds.get(i));
                    example = example == null ? row : example;
                }
            }
            if (presentIn.size() < runIds.size()) {
                unshared.add(new Unshared(key, label(example), presentIn));
                continue;
            }
            List<Cell> cells = new ArrayList<>();
            JsonNode baseline = rowsByRun.get(0).get(key);
            for (int i = 0; i < runIds.size(); i++) {
                cells.add(cell(runIds.get(i), rowsByRun.get(i).get(key), i == 0 ? null : baseline));
            }
            shared.add(new Row(key, label(example), example.path("reducer").asText(), noise(example),
                    example.path("k").asInt(), example.path("arch").asText(), cells));
        }
        Map<String, RunDataset> datasets = new LinkedHashMap<>();
        runs.forEach(run -> datasets.put(run.runId(), run.dataset()));
        return new Result(runs, requestDifferences(runIds, reports), shared, unshared, VerdictAgreement.of(reports, datasets));
    }

    /** "pca k=64 A1", "dae-20 k=256 A2", "raw A1". */
    public static String label(JsonNode row) {
        String reducer = row.path("reducer").asText();
        Double noise = noise(row);
        String family = noise == null ? reducer : reducer + "-" + Math.round(noise * 100);
        String k = reducer.equals("raw") ? "" : " k=" + row.path("k").asInt();
        return family + k + " " + row.path("arch").asText();
    }

    private static String key(JsonNode row) {
        Double noise = noise(row);
        return row.path("reducer").asText() + "|" + (noise == null ? "" : String.format(Locale.ROOT, "%.2f", noise))
                + "|" + row.path("k").asInt() + "|" + row.path("arch").asText();
    }

    private static Double noise(JsonNode row) {
        JsonNode noise = row.get("noise");
        return noise == null || noise.isNull() ? null : noise.asDouble();
    }

    private static Cell cell(String runId, JsonNode row, JsonNode baseline) {
        double test = row.path("testAccuracy").asDouble();
        List<Double> ci = interval(row);
        Double mse = reconMseTest(row);
        Double difference = null;
        Double mseDifference = null;
        Boolean beyondNoise = null;
        if (baseline != null) {
            difference = 100 * (test - baseline.path("testAccuracy").asDouble());
            Double baselineMse = reconMseTest(baseline);
            mseDifference = mse == null || baselineMse == null ? null : mse - baselineMse;
            List<Double> baselineCi = interval(baseline);
            if (ci != null && baselineCi != null) {
                beyondNoise = ci.get(1) < baselineCi.get(0) || baselineCi.get(1) < ci.get(0);
            }
        }
        int n = row.path("n").asInt(1);
        return new Cell(runId, n, row.path("valAccuracy").asDouble(), test, ci, mse,
                row.path("trainSeconds").asDouble(), difference, mseDifference, beyondNoise);
    }

    private static List<Double> interval(JsonNode row) {
        JsonNode ci = row.path("stats").path("testAccuracy").path("ci95");
        return ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() && ci.get(1).isNumber()
                ? List.of(ci.get(0).asDouble(), ci.get(1).asDouble()) : null;
    }

    private static Double reconMseTest(JsonNode row) {
        JsonNode test = row.path("reconMse").path("test");
        return test.isNumber() ? test.asDouble() : null;
    }

    private static RunInfo info(String runId, JsonNode report) {
        JsonNode repeats = report.path("repeats");
        List<Long> seeds = new ArrayList<>();
        repeats.path("seeds").forEach(seed -> seeds.add(seed.asLong()));
        if (seeds.isEmpty() && report.path("request").has("seed")) {
            seeds.add(report.path("request").path("seed").asLong());
        }
        List<String> verdict = new ArrayList<>();
        report.path("verdict").forEach(sentence -> verdict.add(sentence.asText()));
        return new RunInfo(runId, report.path("profile").asText(""), RunDataset.of(report),
                repeats.path("n").asInt(Math.max(1, seeds.size())), seeds, report.path("codeVersion").asText(""), verdict);
    }

    private static List<RequestDifference> requestDifferences(List<String> runIds, Map<String, JsonNode> reports) {
        List<Map<String, String>> flattened = new ArrayList<>();
        Set<String> fields = new TreeSet<>();
        for (String runId : runIds) {
            Map<String, String> fieldsOfRun = new LinkedHashMap<>();
            flatten("", reports.get(runId).path("request"), fieldsOfRun);
            fieldsOfRun.remove("runId");
            flattened.add(fieldsOfRun);
            fields.addAll(fieldsOfRun.keySet());
        }
        List<RequestDifference> differences = new ArrayList<>();
        for (String field : fields) {
            List<String> values = flattened.stream().map(f -> f.getOrDefault(field, "")).toList();
            if (values.stream().distinct().count() > 1) {
                differences.add(new RequestDifference(field, values));
            }
        }
        return differences;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
                    field.getValue(), out));
        } else if (!node.isMissingNode()) {
            out.put(prefix, node.isTextual() ? node.asText() : node.toString());
        }
    }
}
