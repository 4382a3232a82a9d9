package io.latentlab.kit.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each paired comparison behind the runs' verdicts holds in every run: the question of one study run on
 * two datasets. Comparisons are matched by what they claim, not by their k: a reducer against PCA or against raw
 * pixels is made at the family's best k, which each run chooses on its own validation set; DAE against AE-1 is made
 * at every k, so its k is part of the claim. Each run's side is read from its report.json, its {@code significant}
 * flag as the evaluator set it (never recomputed here), with the adjusted p-value where the report has one.
 */
public final class VerdictAgreement {

    /** Significant in every run, the same way round. */
    public static final String HOLDS = "holds-on-all";
    /** Significant in some runs only (the same way round where it is). */
    public static final String ONLY_SOME = "only-on-some";
    /** Significant in two runs the opposite way round. */
    public static final String OPPOSITE = "opposite";
    /** Significant in none. */
    public static final String WITHIN_NOISE = "within-noise-on-all";
    /** Made by some runs only (a family or k a run does not have). */
    public static final String NOT_EVERYWHERE = "not-in-every-run";

    private VerdictAgreement() {
    }

    /**
     * One run's side of a comparison: a − b in test accuracy (a fraction) with its 95 % interval.
     *
     * @param pAdjusted  the p-value corrected for the verdict's family of comparisons; null in reports without one
     * @param correction how it was corrected ("holm", "bh"); "" when the report does not say
     */
    public record Side(String runId, String dataset, String a, String b, int k, double difference, List<Double> ci95,
                       Double pValue, Double pAdjusted, String correction, boolean significant) {
    }

    /**
     * One claim across the runs. {@code sides} follows the runs' order, null where a run did not make it;
     * {@code outcome} is one of the constants above, {@code summary} says it in words ("holds on both",
     * "only on fashion", "within noise on both").
     */
    public record Line(String key, String kind, String claim, List<Side> sides, String outcome, String summary) {
    }

    /** @param reports report.json of each run, by run id, in the order the comparison shows them */
    public static List<Line> of(Map<String, JsonNode> reports, Map<String, RunDataset> datasets) {
        List<String> runIds = List.copyOf(reports.keySet());
        List<String> names = displayNames(runIds, runIds.stream().map(id -> datasets.get(id).name()).toList());
        Map<String, Side[]> byKey = new LinkedHashMap<>();
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        for (int i = 0; i < runIds.size(); i++) {
            String runId = runIds.get(i);
            for (JsonNode comparison : reports.get(runId).path("comparisons")) {
                String key = key(comparison);
                examples.putIfAbsent(key, comparison);
                byKey.computeIfAbsent(key, k -> new Side[runIds.size()])[i] = side(runId, datasets.get(runId).name(), comparison);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, Side[]> entry : byKey.entrySet()) {
            JsonNode example = examples.get(entry.getKey());
            List<Side> sides = Collections.unmodifiableList(Arrays.asList(entry.getValue()));
            Judgement judged = judge(sides, names, name(example.path("a").path("label").asText()),
                    name(example.path("b").path("label").asText()));
            lines.add(new Line(entry.getKey(), example.path("kind").asText(), claim(example), sides, judged.outcome(),
                    judged.summary()));
        }
        return lines;
    }

    /** "vs-pca|ae1|pca", "dae-vs-ae1|dae-20|ae1|64". */
    static String key(JsonNode comparison) {
        String kind = comparison.path("kind").asText();
        String key = kind + "|" + comparison.path("a").path("family").asText() + "|" + comparison.path("b").path("family").asText();
        return kind.equals("dae-vs-ae1") ? key + "|" + comparison.path("a").path("k").asInt() : key;
    }

    /** "AE-1 vs PCA at the same k", "AE-1 vs raw pixels", "DAE-20 vs AE-1 at k=64", from the report's own labels. */
    static String claim(JsonNode comparison) {
        String a = name(comparison.path("a").path("label").asText());
        String b = name(comparison.path("b").path("label").asText());
        return switch (comparison.path("kind").asText()) {
            case "vs-pca" -> a + " vs " + b + " at the same k";
            case "dae-vs-ae1" -> a + " vs " + b + " at k=" + comparison.path("a").path("k").asInt();
            default -> a + " vs " + b;
        };
    }

    /** "AE-3 at k=256 (A1)" → "AE-3", "raw pixels (A2)" → "raw pixels". */
    private static String name(String label) {
        return label.replaceFirst("( at k=\\d+)? \\([^)]*\\)$", "");
    }

    private static Side side(String runId, String dataset, JsonNode comparison) {
        JsonNode result = comparison.path("result");
        JsonNode ci = result.path("ci95");
        List<Double> ci95 = ci.isArray() && ci.size() == 2 ? List.of(ci.get(0).asDouble(), ci.get(1).asDouble()) : null;
        return new Side(runId, dataset, comparison.path("a").path("label").asText(), comparison.path("b").path("label").asText(),
                comparison.path("a").path("k").asInt(), result.path("difference").asDouble(), ci95,
                number(result, comparison, "pValue"), number(result, comparison, "pAdjusted"),
                text(result, comparison, "correction"), result.path("significant").asBoolean(false));
    }

    // the correction's fields may sit beside the test's numbers or on the comparison itself
    private static Double number(JsonNode result, JsonNode comparison, String field) {
        JsonNode value = result.has(field) ? result.get(field) : comparison.path(field);
        return value.isNumber() ? value.asDouble() : null;
    }

    private static String text(JsonNode result, JsonNode comparison, String field) {
        return (result.has(field) ? result.get(field) : comparison.path(field)).asText("");
    }

    private record Judgement(String outcome, String summary) {
    }

    private static Judgement judge(List<Side> sides, List<String> names, String a, String b) {
        String all = sides.size() == 2 ? "both" : "all " + sides.size();
        List<String> madeBy = new ArrayList<>();
        List<String> better = new ArrayList<>();
        List<String> worse = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            Side side = sides.get(i);
            if (side == null) {
                continue;
            }
            madeBy.add(names.get(i));
            if (side.significant()) {
                (side.difference() > 0 ? better : worse).add(names.get(i));
            }
        }
        if (madeBy.size() < sides.size()) {
            return new Judgement(NOT_EVERYWHERE, "only compared on " + String.join(", ", madeBy));
        }
        if (!better.isEmpty() && !worse.isEmpty()) {
            return new Judgement(OPPOSITE, "opposite: " + a + " ahead on " + String.join(", ", better) + ", " + b
                    + " ahead on " + String.join(", ", worse));
        }
        List<String> significant = better.isEmpty() ? worse : better;
        if (significant.isEmpty()) {
            return new Judgement(WITHIN_NOISE, "within noise on " + all);
        }
        if (significant.size() == sides.size()) {
            return new Judgement(HOLDS, "holds on " + all);
        }
        return new Judgement(ONLY_SOME, "only on " + String.join(", ", significant));
    }

    /** Each run by its dataset's name when the datasets differ, by its run id otherwise. */
    static List<String> displayNames(List<String> runIds, List<String> datasetNames) {
        return datasetNames.stream().distinct().count() == datasetNames.size() ? datasetNames : runIds;
    }
}
