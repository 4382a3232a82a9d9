package io.latentlab.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;

/**
 * The model server's latency load test: one client sends {@code requests} predictions of the same image, one after
 * the other (bounded: never more than one in flight), to a server on 127.0.0.1 whose run is loaded (after
 * {@code warmup} requests), and reports the percentiles of the round-trip times. Used by {@link ModelServerIT};
 * against a running stack: {@code java -cp ... io.latentlab.launcher.ModelServerLoad http://127.0.0.1:8086 <runId>}
 * (the image is then the run's test image 0).
 */
final class ModelServerLoad {

    /** Milliseconds: p50, p90, p99, max, over {@code count} requests. */
    record Latency(int count, double p50, double p90, double p99, double max) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                    count, p50, p90, p99, max);
        }
    }

    private ModelServerLoad() {
    }

    static Latency measure(String baseUrl, String runId, String query, String body, int warmup, int requests)
            throws IOException, InterruptedException {
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

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ModelServerLoad <http://127.0.0.1:port> <runId> [requests]");
            System.exit(2);
        }
        HttpClient http = HttpClient.newHttpClient();
        String image = http.send(HttpRequest.newBuilder(URI.create(requireLoopback(args[0]) + "/api/runs/" + args[1]
                + "/test-images/0")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String pixels = image.substring(image.indexOf("\"pixels\""), image.indexOf(']', image.indexOf("\"pixels\"")) + 1);
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        System.out.println("best classifiers: " + measure(args[0], args[1], "", "{" + pixels + "}", 30, requests));
        System.out.println("every architecture: " + measure(args[0], args[1], "?all=true", "{" + pixels + "}", 30, requests));
    }
}
