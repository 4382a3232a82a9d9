package io.latentlab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.store.ArtifactStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's real Prometheus on loopback scrapes the running stages while a study runs; then every
 * query of the committed Grafana dashboard must return data.
 */
class PrometheusDashboardIT {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DASHBOARD = PipelineHarness.root().resolve("deploy/grafana/dashboards/latentlab.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = "{\"profile\":\"quick\",\"seed\":23,\"reducers\":[{\"kind\":\"raw\"},"
            + "{\"kind\":\"ae1\",\"k\":[64]}],\"architectures\":[{\"name\":\"A1\",\"hidden\":[512,256,256]}]}";

    private final PipelineHarness pipeline = PipelineHarness.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process prometheus;

    @AfterEach
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.destroy();
        }
    }

    @Test
    void everyDashboardQueryReturnsDataAfterARun() throws Exception {
        assertThat(PROMETHEUS).as("Debian's prometheus is installed (apt-get install prometheus; .ci/run does)").exists();
        int port = startPrometheus();

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit = LatentLabCli.execute(new String[]{"submit", "--run-id", "metrics-run", "--request", REQUEST}, pipeline.config());
        assertThat(exit).isZero();
        try (ArtifactStore store = pipeline.store()) {
            RunOutcome outcome = new RunWatcher(pipeline.config(), store, new PrintStream(log), false)
                    .watch("metrics-run", Duration.ofMinutes(5));
            assertThat(outcome.status()).as(log.toString()).isEqualTo(RunOutcome.Status.COMPLETED);
        }
        Thread.sleep(3000); // a few more scrapes after the last job

        Map<String, String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            JsonNode answer = query(port, query.getValue());
            assertThat(answer.get("status").asText()).as(query.getKey() + ": " + answer).isEqualTo("success");
            if (answer.at("/data/result").isEmpty()) {
                empty.add(query.getKey() + " <- " + query.getValue());
            }
        }
        assertThat(empty).as("dashboard panels without data").isEmpty();
    }

    private int startPrometheus() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("prometheus-it");
        int port = freePort();
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        for (String service : PipelineHarness.services()) {
            config.append("  - job_name: ").append(service).append("\n    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n      - targets: ['127.0.0.1:").append(pipeline.httpPort(service)).append("']\n");
        }
        Files.writeString(dir.resolve("prometheus.yml"), config);
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(Path.of("target", "e2e-logs", "prometheus.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (upTargets(port) == PipelineHarness.services().size()) {
                return port;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Prometheus did not scrape every stage within 60 s, see target/e2e-logs/prometheus.log");
    }

    private int upTargets(int port) {
        try {
            return (int) query(port, "up == 1").at("/data/result").size();
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    private JsonNode query(int port, String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.put(panel.get("title").asText(), target.get("expr").asText());
            }
        }
        return queries;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
