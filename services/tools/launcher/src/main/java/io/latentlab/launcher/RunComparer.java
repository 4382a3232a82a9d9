package io.latentlab.launcher;

import io.latentlab.kit.RunIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.report.RunComparison;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** {@code ./latentlab compare a b [c...]}: completed runs' report.json from the object store, side by side. */
public final class RunComparer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunComparer() {
    }

    /** The comparison; a run without a report, or fewer than two runs, is an IllegalArgumentException. */
    public static RunComparison.Result compare(ArtifactStore store, List<String> runIds) {
        if (runIds.size() < 2) {
            throw new IllegalArgumentException("compare needs at least two run ids, got " + runIds
                    + " (usage: latentlab compare RUN_A RUN_B [RUN_C...])");
        }
        if (new LinkedHashSet<>(runIds).size() != runIds.size()) {
            throw new IllegalArgumentException("a run is named twice in " + runIds);
        }
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        for (String runId : runIds) {
            if (!RunIds.valid(runId)) {
                throw new IllegalArgumentException("'" + runId + "' is not a run id (letters, digits, '.', '_', '-')");
            }
            String key = StoreKeys.runReport(runId, "report.json");
            byte[] report = store.find(key).orElseThrow(() -> new IllegalArgumentException("run " + runId
                    + " has no report in bucket '" + store.bucket() + "' (" + key + "): is it completed?"));
            try {
                reports.put(runId, JSON.readTree(report));
            } catch (IOException e) {
                throw new UncheckedIOException("the report of run " + runId + " is not JSON", e);
            }
        }
        return RunComparison.compare(reports);
    }
}
