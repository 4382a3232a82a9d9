package io.latentlab.control.rest;

import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded load test on loopback: a few threads send a fixed number of requests, junk (bad JSON, deep nesting,
 * huge bodies, wrong content types, bad run ids and paths, SSE floods over the cap, predictions over the body
 * limit) mixed with valid requests to every public endpoint. Every request is answered within its timeout; valid
 * ones as they should be, junk with a 4xx (or the documented 503 of a full limit or an absent model server),
 * never another 5xx; and the service is up and serving afterwards.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class AbuseLoadIT {

    private static final int THREADS = 4;
    private static final int ROUNDS_PER_THREAD = 3;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String RUN = "it-load";
    private static final Set<Integer> MODEL_SERVER_DOWN = Set.of(503); // the test profile runs no model server
    private static final Set<Integer> STREAM = Set.of(200, 429); // the per-client cap answers a flood with 429
    /**
     * A body over a limit is answered 413 and the connection closed; a client still writing megabytes into it may
     * see the close before the 413 (HTTP allows either). Only for such bodies, that counts as this pseudo-status.
     */
    private static final int REFUSED_BY_CLOSING = 413_000;
    private static final int OVERSIZE = 256 * 1024;
    private static final String RESET_BEFORE_ANSWER = "header parser received no bytes";

    @TestHTTPResource("/")
    URI root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build(); // one connection per request in flight, as a browser
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger runCounter = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byCase = new ConcurrentHashMap<>();

    /** One kind of request: what it sends and which statuses are right for it. */
    private record Case(String name, boolean junk, Set<Integer> expected, Sender send) {
    }

    @FunctionalInterface
    private interface Sender {
        int send() throws Exception;
    }

    @Test
    void junkAndValidRequestsFromSeveralThreadsAreAllAnsweredAndTheServiceStaysUp() throws Exception {
        TopicClient.event(TopicClient.accepted(RUN, "quick", 1, 1));
        try (var store = TopicClient.store()) {
            store.put("runs/" + RUN + "/report.html", "<html><body>report</body></html>".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> when().get("/api/runs/" + RUN).then().statusCode(200));

        List<Case> cases = cases();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            done.add(threads.submit(() -> {
                for (int round = 0; round < ROUNDS_PER_THREAD; round++) {
                    for (int i = 0; i < cases.size(); i++) {
                        run(cases.get((i + offset * 7) % cases.size())); // each thread in its own order
                    }
                }
            }));
        }
        for (Future<?> future : done) {
            future.get(5, TimeUnit.MINUTES); // bounded: at worst every request waits its own timeout
        }
        threads.shutdown();

        System.out.println("AbuseLoadIT answers by case and status: " + new java.util.TreeMap<>(byCase));
        assertThat(problems).as("requests answered wrongly or not at all").isEmpty();
        assertThat(answered.get()).isEqualTo(THREADS * ROUNDS_PER_THREAD * cases.size());
        // still up, still serving, still following runs
        when().get("/q/health/live").then().statusCode(200);
        when().get("/api/runs").then().statusCode(200);
        TopicClient.progress(TopicClient.epoch(RUN, "pca-k16-A1", 1, 4, 0.7, 0.9));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> when().get("/api/runs/" + RUN).then()
                .statusCode(200).body("jobs.size()", org.hamcrest.Matchers.equalTo(1)));
    }

    private void run(Case c) {
        try {
            int status = c.send().send();
            answered.incrementAndGet();
            byCase.computeIfAbsent(c.name() + " " + status, k -> new AtomicInteger()).incrementAndGet();
            if (!c.expected().contains(status)) {
                problems.add(c.name() + (c.junk() ? " (junk)" : " (valid)") + " answered " + status
                        + ", expected one of " + c.expected());
            }
        } catch (Exception e) {
            problems.add(c.name() + " got no answer: " + e);
        }
    }

    private List<Case> cases() {
        String api = "api/runs/";
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        return List.of(
                // valid, every public endpoint
                new Case("list runs", false, Set.of(200), () -> get(api)),
                new Case("get run", false, Set.of(200), () -> get(api + RUN)),
                new Case("timeline", false, Set.of(200), () -> get(api + RUN + "/timeline.svg")),
                new Case("report (none yet)", false, Set.of(404), () -> get(api + RUN + "/report")),
                new Case("artifact", false, Set.of(200), () -> get(api + RUN + "/artifacts/report.html")),
                new Case("picture (none)", false, Set.of(404), () -> get(api + RUN + "/pictures/confusion")),
                new Case("compare (no reports)", false, Set.of(404), () -> get("api/compare?runs=" + RUN + ",it-load-b")),
                new Case("dashboard", false, Set.of(200), () -> get("")),
                new Case("draw page", false, Set.of(200), () -> get("draw.html")),
                new Case("health", false, Set.of(200), () -> get("q/health/live")),
                new Case("submit", false, Set.of(202), () -> post("api/runs", "application/json", true,
                        ("{\"runId\":\"it-load-" + runCounter.incrementAndGet() + "\",\"profile\":\"quick\",\"seed\":3}")
                                .getBytes(StandardCharsets.UTF_8))),
                new Case("predict", false, MODEL_SERVER_DOWN, () -> post(api + RUN + "/predict", "image/png", false, png)),
                new Case("random test image", false, MODEL_SERVER_DOWN, () -> get(api + RUN + "/test-images/random")),
                new Case("events", false, STREAM, () -> firstEvent(api + RUN + "/events")),
                // junk
                new Case("bad JSON", true, Set.of(400), () -> post("api/runs", "application/json", true,
                        "{\"profile\":".getBytes(StandardCharsets.UTF_8))),
                new Case("deeply nested JSON", true, Set.of(400), () -> post("api/runs", "application/json", true,
                        ("{\"profile\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8))),
                new Case("unknown field", true, Set.of(400), () -> post("api/runs", "application/json", true,
                        "{\"profile\":\"quick\",\"x\":1}".getBytes(StandardCharsets.UTF_8))),
                new Case("huge run request", true, Set.of(413, REFUSED_BY_CLOSING), () -> post("api/runs", "application/json", true,
                        new byte[3 * 1024 * 1024])),
                new Case("wrong content type", true, Set.of(415), () -> post("api/runs", "text/plain", true,
                        "{\"profile\":\"quick\"}".getBytes(StandardCharsets.UTF_8))),
                new Case("no token", true, Set.of(401), () -> post("api/runs", "application/json", false,
                        "{\"profile\":\"quick\"}".getBytes(StandardCharsets.UTF_8))),
                new Case("bad run id", true, Set.of(400), () -> post("api/runs", "application/json", true,
                        "{\"runId\":\"../../etc\",\"profile\":\"quick\"}".getBytes(StandardCharsets.UTF_8))),
                new Case("too many jobs", true, Set.of(400), () -> post("api/runs", "application/json", true,
                        ("{\"profile\":\"quick\",\"reducers\":[{\"kind\":\"pca\",\"k\":[" + "2,".repeat(600) + "2]}]}")
                                .getBytes(StandardCharsets.UTF_8))),
                new Case("long run id", true, Set.of(404, 414), () -> get(api + "r".repeat(4000))),
                new Case("path escape", true, Set.of(404), () -> get(api + RUN + "/artifacts/..%2F..%2Fsecret")),
                new Case("cancel unknown", true, Set.of(404), () -> delete(api + "no-such-run")),
                new Case("compare junk", true, Set.of(400), () -> get("api/compare?runs=%2E%2E,,,")),
                new Case("predict over the limit", true, Set.of(413, REFUSED_BY_CLOSING), () -> post(api + RUN + "/predict", "image/png",
                        false, new byte[400 * 1024])),
                new Case("predict wrong type", true, Set.of(415), () -> post(api + RUN + "/predict", "text/plain",
                        false, png)),
                new Case("predict bad run id", true, Set.of(400), () -> post(api + "r%20x/predict", "image/png", false, png)),
                new Case("events of a bad run id", true, Set.of(404), () -> firstEvent(api + "r%20x/events")),
                new Case("events flood", true, STREAM, this::flood));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(root.resolve(path)).timeout(REQUEST_TIMEOUT);
    }

    private int get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int delete(String path) throws Exception {
        return http.send(request(path).header("Authorization", "Bearer " + Api.writeToken()).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int post(String path, String contentType, boolean token, byte[] body) throws Exception {
        HttpRequest.Builder request = request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token) {
            request.header("Authorization", "Bearer " + Api.writeToken());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            if (body.length > OVERSIZE && e.getMessage() != null && e.getMessage().contains(RESET_BEFORE_ANSWER)) {
                return REFUSED_BY_CLOSING;
            }
            throw e;
        }
    }

    /** Opens a live stream, reads its first event (the run) and hangs up. */
    private int firstEvent(String path) throws Exception {
        HttpResponse<InputStream> response = http.send(request(path).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 200) {
                byte[] first = new byte[16];
                assertThat(body.read(first)).isPositive();
            }
        }
        return response.statusCode();
    }

    /** Ten streams at once from this client (over the cap of 8), then all hung up: the worst answer counts. */
    private int flood() throws Exception {
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        int worst = 200;
        try {
            for (int i = 0; i < 10; i++) {
                HttpResponse<InputStream> response = http.send(request("api/runs/" + RUN + "/events")
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                open.add(response);
                if (response.statusCode() != 200) {
                    worst = response.statusCode();
                }
            }
        } finally {
            for (HttpResponse<InputStream> response : open) {
                response.body().close();
            }
        }
        return worst;
    }
}
