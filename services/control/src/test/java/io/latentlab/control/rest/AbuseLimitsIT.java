package io.latentlab.control.rest;

import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The control service's limits on a real broker and object store: live streams capped per client (429 naming the
 * limit) while the open ones still get every event, a prediction's body limit (413 before the body is read), the
 * model server's absence answered at once (503), and the browser headers on the pages, the API and the artifacts.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class AbuseLimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** latentlab.sse.max-per-client's default */
    private static final int STREAMS_PER_CLIENT = 8;

    @TestHTTPResource("/api/runs/")
    URI runs;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build(); // one connection per request in flight, as a browser

    @Test
    void streamsOverTheClientsCapAreRefusedWhileTheOpenOnesStillGetEveryEvent() throws Exception {
        String runId = "it-abuse-sse";
        TopicClient.event(TopicClient.accepted(runId, "quick", 1, 1));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().statusCode(200));

        List<Stream> open = new ArrayList<>();
        HttpResponse<java.util.stream.Stream<String>> refused = null;
        try {
            // every test of this JVM talks from 127.0.0.1: open until refused, which must come at the cap at the latest
            for (int i = 0; i <= STREAMS_PER_CLIENT && refused == null; i++) {
                HttpResponse<java.util.stream.Stream<String>> response = stream(runId);
                if (response.statusCode() == 200) {
                    open.add(new Stream(response));
                } else {
                    refused = response;
                }
            }
            assertThat(refused).as("a stream beyond " + STREAMS_PER_CLIENT + " from one client").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(429);
            String error = String.join("\n", refused.body().toList());
            assertThat(error).contains("this client (127.0.0.1) has " + STREAMS_PER_CLIENT + " live streams open, "
                    + "the limit (latentlab.sse.max-per-client)");
            assertThat(open).isNotEmpty();

            // the open streams are unharmed: each gets the run, then the next change
            for (Stream stream : open) {
                await().atMost(WAIT).until(() -> stream.has("\"runId\":\"" + runId + "\""));
            }
            TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A1", 1, 4, 0.7, 0.9));
            for (Stream stream : open) {
                await().atMost(WAIT).until(() -> stream.has("\"jobId\":\"pca-k16-A1\""));
            }
        } finally {
            open.forEach(Stream::close);
        }
        // closed streams give their slots back
        await().atMost(WAIT).until(() -> {
            HttpResponse<java.util.stream.Stream<String>> again = stream(runId);
            again.body().close();
            return again.statusCode() == 200;
        });
    }

    @Test
    void aPredictionOverTheBodyLimitIsRefusedBeforeItIsReadOrForwarded() throws Exception {
        byte[] big = new byte[300 * 1024];
        given().contentType("image/png").body(big).when().post("/api/runs/it-abuse/predict").then().statusCode(413)
                .body("error", equalTo("the body is 307200 bytes; a prediction's body may have at most 262144 "
                        + "(latentlab.model-server.max-body-bytes)"));
        // chunked: no Content-Length to refuse early, refused once read
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(runs.resolve("it-abuse/predict"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("at most 262144 (latentlab.model-server.max-body-bytes)");
        // any body of the service: over quarkus.http.limits.max-body-size
        given().contentType("application/json").body(new byte[2 * 1024 * 1024]).when().post("/api/runs")
                .then().statusCode(413);
    }

    @Test
    void aPredictionIsAnsweredAtOnceWhenTheModelServerIsDown() {
        // the test profile's model server (127.0.0.1:8086) is not running: a 503 that says so, not a hang
        given().contentType("image/png").body(new byte[]{(byte) 0x89, 'P', 'N', 'G'})
                .when().post("/api/runs/it-abuse/predict").then().statusCode(503)
                .body("error", containsString("does not answer"));
        when().get("/api/runs/it-abuse/test-images/random").then().statusCode(503);
        given().contentType("image/png").body(new byte[4]).when().post("/api/runs/not a run/predict")
                .then().statusCode(400);
    }

    @Test
    void pagesApiAndArtifactsCarryTheBrowserHeaders() {
        String runId = "it-abuse-headers";
        try (var store = TopicClient.store()) {
            store.put("runs/" + runId + "/report.html",
                    "<html><script>localStorage.getItem('latentlab.apiToken')</script></html>".getBytes(StandardCharsets.UTF_8));
        }
        String dashboardPolicy = when().get("/").then().statusCode(200)
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff")
                .extract().header("Content-Security-Policy");
        assertThat(dashboardPolicy).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        when().get("/app.js").then().statusCode(200).header("Content-Security-Policy", equalTo(dashboardPolicy));
        when().get("/draw.html").then().statusCode(200).header("X-Frame-Options", "DENY");

        // a stored report.html is a sandboxed document: its script runs (if at all) in no origin, away from the token
        when().get("/api/runs/" + runId + "/artifacts/report.html").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", startsWith("sandbox;"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY");
        when().get("/api/runs").then().statusCode(200).header("Content-Security-Policy", startsWith("sandbox;"));
        // errors too
        when().get("/api/runs/no-such-run").then().statusCode(404).header("Content-Security-Policy", startsWith("sandbox;"));
        // Quarkus's own pages keep their inline scripts: no policy, but no framing or sniffing either
        when().get("/q/health/live").then().statusCode(200).header("Content-Security-Policy", nullValue())
                .header("X-Frame-Options", "DENY");
    }

    private HttpResponse<java.util.stream.Stream<String>> stream(String runId) throws Exception {
        return http.send(HttpRequest.newBuilder(runs.resolve(runId + "/events")).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
    }

    /** An open live stream, its lines read on a daemon thread. */
    private static final class Stream {
        private final HttpResponse<java.util.stream.Stream<String>> response;
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        Stream(HttpResponse<java.util.stream.Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try {
                    response.body().forEach(lines::add);
                } catch (RuntimeException closed) {
                    // closed by the test
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        boolean has(String text) {
            return lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains(text));
        }

        void close() {
            response.body().close();
        }
    }
}
