package io.latentlab.control.service;

import io.latentlab.kit.RunIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/** A run's files in the object store (everything under runs/&lt;runId&gt;/), for the dashboard and the API. */
@ApplicationScoped
public class ArtifactService {

    public static final String REPORT_JSON = "report.json";

    private final ArtifactStore store;
    private final ObjectMapper json;

    public ArtifactService(ArtifactStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** An open object: the caller (the REST layer, which streams it out) closes {@code data}. */
    public record Artifact(String name, String contentType, InputStream data) {
    }

    public Optional<Artifact> report(String runId) {
        return artifact(runId, REPORT_JSON);
    }

    /**
     * The object at runs/&lt;runId&gt;/&lt;path&gt;, or empty when there is none, or when the path would leave
     * the run's prefix (absolute, '..' or '.' segments, backslashes, control characters, percent signs that
     * a second decoding could turn into '/' or '..').
     */
    public Optional<Artifact> artifact(String runId, String path) {
        if (!RunIds.valid(runId) || !safe(path)) {
            return Optional.empty();
        }
        String prefix = StoreKeys.runReport(runId, "");
        String key = StoreKeys.runReport(runId, path);
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            return Optional.empty();
        }
        return store.open(key).map(data -> new Artifact(path, contentType(path), data));
    }

    /**
     * A picture named in the run's report.json. Stages store pictures next to their job's outputs (shared
     * across runs by the job cache), so the report, not the path, says where a run's picture is.
     */
    public Optional<Artifact> picture(String runId, String name) {
        if (!RunIds.valid(runId)) {
            return Optional.empty();
        }
        return store.find(StoreKeys.runReport(runId, REPORT_JSON))
                .flatMap(bytes -> pictureKey(bytes, name))
                .flatMap(store::open)
                .map(data -> new Artifact(name + ".png", "image/png", data));
    }

    private Optional<String> pictureKey(byte[] reportJson, String name) {
        try {
            for (JsonNode picture : json.readTree(reportJson).path("pictures")) {
                if (name.equals(picture.path("name").asText()) && picture.hasNonNull("key")) {
                    return Optional.of(picture.get("key").asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A relative path of plain segments: nothing that could address an object outside runs/&lt;runId&gt;/. */
    static boolean safe(String path) {
        if (path == null || path.isEmpty() || path.length() > 512 || path.startsWith("/") || path.contains("\\")
                || path.contains("%")) {
            return false;
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    public static String contentType(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return "application/json";
        }
        if (lower.endsWith(".md")) {
            return "text/markdown; charset=utf-8";
        }
        if (lower.endsWith(".html") || lower.endsWith(".htm")) {
            return "text/html; charset=utf-8";
        }
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (lower.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        if (lower.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
