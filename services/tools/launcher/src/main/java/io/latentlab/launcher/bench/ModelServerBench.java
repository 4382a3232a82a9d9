package io.latentlab.launcher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;

/**
 * The model server's latency load test: one client sends {@code requests} predictions of one image, one after the
 * other (bounded: never more than one in flight), to a server on 127.0.0.1 whose run is loaded (after
 * {@code warmup} requests), and reports the percentiles of the round-trip times. {@code ./latentlab bench models
 * --run RUN_ID} runs it against a running stack (the image is the run's test image 0); ModelServerIT in CI.
 */
public final class ModelServerBench {

    /** The README's budget for one image against every model of a run. */
    public static final double P99_BUDGET_MS = 50;

    /** Milliseconds: p50, p90, p99, max, over {@code count} requests. */
    public record Latency(int count, double p50, double p90, double p99, double max) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                    count, p50, p90, p99, max);
        }
    }

    private ModelServerBench() {
    }

    public static Latency measure(String baseUrl, String runId, String query, String body, int warmup, int requests)
            throws IOException, InterruptedException {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        }
        URI uri = URI.create(requireLoopback(baseUrl) + "/api/runs/" + runId + "/predict" + query);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < warmup; i++) {
            send(http, request);
        }
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            send(http, request);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Latency(requests, percentile(millis, 50), percentile(millis, 90), percentile(millis, 99),
                millis[millis.length - 1]);
    }

    /**
     * The run's test image 0 against every model: the best classifiers, then every architecture ({@code all=true}).
     * Its last line: {@code model server bench: p99 <ms> ms (best classifiers), <ms> ms (every architecture), budget 50 ms}.
     */
    public static Latency[] run(String baseUrl, String runId, int requests, PrintStream out)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> image = http.send(HttpRequest.newBuilder(URI.create(requireLoopback(baseUrl) + "/api/runs/"
                + runId + "/test-images/0")).build(), HttpResponse.BodyHandlers.ofString());
        if (image.statusCode() != 200) {
            throw new IllegalStateException("the model server answered " + image.statusCode() + " for run " + runId
                    + ": " + image.body());
        }
        String json = image.body();
        int from = json.indexOf("\"pixels\"");
        String body = "{" + json.substring(from, json.indexOf(']', from) + 1) + "}";
        out.println("model server bench: run " + runId + " at " + baseUrl + ", one image, " + requests
                + " requests after 30 to warm up (the first loads the run)");
        Latency best = measure(baseUrl, runId, "", body, 30, requests);
        out.println("  best classifiers:   " + best);
        Latency all = measure(baseUrl, runId, "?all=true", body, 30, requests);
        out.println("  every architecture: " + all);
        out.printf(Locale.ROOT, "model server bench: p99 %.1f ms (best classifiers), %.1f ms (every architecture),"
                + " budget %.0f ms%n", best.p99(), all.p99(), P99_BUDGET_MS);
        return new Latency[] {best, all};
    }

    /** Nearest rank. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the model server answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String requireLoopback(String baseUrl) {
        if (!baseUrl.startsWith("http://127.0.0.1:") && !baseUrl.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("the load test only talks to a server on 127.0.0.1, not " + baseUrl);
        }
        return baseUrl.replaceAll("/+$", "");
    }
}
