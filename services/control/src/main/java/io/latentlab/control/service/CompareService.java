package io.latentlab.control.service;

import io.latentlab.kit.RunIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.report.ComparisonCsv;
import io.latentlab.kit.report.RunComparison;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Completed runs side by side: their report.json files compared row by row ({@link RunComparison}). */
@ApplicationScoped
public class CompareService {

    /** More runs than this do not fit side by side on a page. */
    public static final int MAX_RUNS = 6;

    private final ArtifactStore store;
    private final ObjectMapper json;

    public CompareService(ArtifactStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The comparison as CSV, and the name to save it under ("compare-a-b.csv"). */
    public record CsvFile(String fileName, String body) {
    }

    /** What {@code ?format=} may name; none means JSON. */
    public enum Format { JSON, CSV }

    /** @throws IllegalArgumentException a format other than json or csv */
    public static Format format(String format) {
        if (format == null || format.isBlank() || format.equalsIgnoreCase("json")) {
            return Format.JSON;
        }
        if (format.equalsIgnoreCase("csv")) {
            return Format.CSV;
        }
        throw new IllegalArgumentException("format must be json or csv, got '"
                + (format.length() > 20 ? format.substring(0, 17) + "..." : format) + "'");
    }

    /** {@link #compare(String)} as CSV ({@link ComparisonCsv}): one record per shared configuration. */
    public CsvFile csv(String runs) {
        RunComparison.Result result = compare(runs);
        String name = "compare-" + String.join("-", result.runs().stream().map(RunComparison.RunInfo::runId).toList()) + ".csv";
        return new CsvFile(name, ComparisonCsv.render(result));
    }

    /**
     * @param runs comma-separated run ids, the baseline first
     * @throws IllegalArgumentException fewer than two runs, more than {@value #MAX_RUNS}, a run id that is
     *                                  not one, or one named twice
     * @throws UnknownRunException      a run without a report (unknown, or not completed)
     */
    public RunComparison.Result compare(String runs) {
        List<String> runIds = parse(runs);
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        for (String runId : runIds) {
            String key = StoreKeys.runReport(runId, ArtifactService.REPORT_JSON);
            byte[] report = store.find(key).orElseThrow(() -> new UnknownRunException(runId + " with a report (is it completed?)"));
            try {
                reports.put(runId, json.readTree(report));
            } catch (IOException e) {
                throw new IllegalStateException("the report of run " + runId + " is not JSON: " + e.getMessage(), e);
            }
        }
        return RunComparison.compare(reports);
    }

    static List<String> parse(String runs) {
        if (runs == null || runs.isBlank()) {
            throw new IllegalArgumentException("name the runs to compare: ?runs=<runId>,<runId>[,...]");
        }
        List<String> runIds = new ArrayList<>();
        for (String part : runs.split(",", -1)) {
            String runId = part.trim();
            if (!RunIds.valid(runId)) {
                throw new IllegalArgumentException("'" + (runId.length() > 70 ? runId.substring(0, 67) + "..." : runId)
                        + "' is not a run id: " + RunIds.RULE);
            }
            runIds.add(runId);
        }
        if (new LinkedHashSet<>(runIds).size() != runIds.size()) {
            throw new IllegalArgumentException("a run is named twice in " + runIds);
        }
        if (runIds.size() < 2 || runIds.size() > MAX_RUNS) {
            throw new IllegalArgumentException("compare 2 to " + MAX_RUNS + " runs, got " + runIds.size());
        }
        return runIds;
    }
}
