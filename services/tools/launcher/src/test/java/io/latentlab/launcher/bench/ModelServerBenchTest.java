package io.latentlab.launcher.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load test's client side against a small HTTP server standing in for the model server. */
class ModelServerBenchTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/runs/", exchange -> {
            String path = exchange.getRequestURI().toString();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + path + " " + body);
            byte[] answer = path.contains("/test-images/0") ? "{\"index\":0,\"pixels\":[0.0,0.5,1.0],\"digit\":7}"
                    .getBytes(StandardCharsets.UTF_8) : path.contains("missing") ? "{\"error\":\"no run missing\"}"
                    .getBytes(StandardCharsets.UTF_8) : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(path.contains("missing") ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheRunsTestImageOneRequestAtATimeAndPrintsThePercentiles() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelServerBench.Latency[] latency = ModelServerBench.run(url(), "r1", 5, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(latency).hasSize(2);
        assertThat(latency[0].count()).isEqualTo(5);
        assertThat(latency[0].p50()).isPositive().isLessThanOrEqualTo(latency[0].p99());
        assertThat(latency[0].p99()).isLessThanOrEqualTo(latency[0].max());
        // the image, then warm-up + measured requests for the best classifiers and for every architecture
        assertThat(requests).hasSize(1 + 2 * (30 + 5));
        assertThat(requests.get(1)).isEqualTo("POST /api/runs/r1/predict {\"pixels\":[0.0,0.5,1.0]}");
        assertThat(requests.get(requests.size() - 1)).startsWith("POST /api/runs/r1/predict?all=true ");
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[lines.length - 1]).matches(
                "model server bench: p99 \\d+\\.\\d ms \\(best classifiers\\), \\d+\\.\\d ms \\(every architecture\\), budget 50 ms");
    }

    @Test
    void aServerErrorOrAnAddressOffTheMachineStopsTheBenchWithTheReason() {
        assertThatThrownBy(() -> ModelServerBench.run(url(), "missing", 5, System.out))
                .hasMessageContaining("answered 400 for run missing");
        assertThatThrownBy(() -> ModelServerBench.measure("http://example.org:8086", "r1", "", "{}", 0, 1))
                .hasMessageContaining("only talks to a server on 127.0.0.1");
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ModelServerBench.percentile(sorted, 50)).isEqualTo(5);
        assertThat(ModelServerBench.percentile(sorted, 99)).isEqualTo(10);
        assertThat(ModelServerBench.percentile(new double[] {3}, 90)).isEqualTo(3);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
