package io.latentlab.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two seed studies' report.json on different datasets (mnist-report.json, fashion-report.json beside this class):
 * AE-1 beats PCA on both, AE-1 trails raw pixels on MNIST only, DAE-20 against PCA is within noise on both, DAE-20
 * against raw pixels goes opposite ways, and only MNIST compares DAE-20 with AE-1. The MNIST report carries the
 * adjusted p-values beside the test's numbers, the Fashion-MNIST one on the comparison itself.
 */
final class CrossDatasetReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CrossDatasetReports() {
    }

    static JsonNode read(String name) {
        try (InputStream in = CrossDatasetReports.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** mnist-seed first (the baseline), then fashion-seed. */
    static Map<String, JsonNode> mnistThenFashion() {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        reports.put("mnist-seed", read("mnist-report.json"));
        reports.put("fashion-seed", read("fashion-report.json"));
        return reports;
    }
}
