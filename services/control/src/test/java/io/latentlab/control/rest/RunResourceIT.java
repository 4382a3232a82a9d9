package io.latentlab.control.rest;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRejected;
import io.latentlab.proto.RunRequest;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

/** The REST API on a real KRaft broker and s3proxy, with the stages' events made by hand. */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class RunResourceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void submittedRequestIsPublishedAsJsonKeyedByItsRunId() throws Exception {
        String runId = Api.writer().contentType(ContentType.JSON).body("{\"profile\":\"quick\",\"seed\":11}")
                .when().post("/api/runs")
                .then().statusCode(202)
                .header("Location", containsString("/api/runs/"))
                .body("runId", matchesPattern("quick-\\d{8}-\\d{6}-[0-9a-f]{4}"))
                .extract().path("runId");

        ConsumerRecord<String, byte[]> record = TopicClient.await(Topics.RUN_REQUESTS, r -> runId.equals(r.key()));
        String json = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{").contains("\"runId\":\"" + runId + "\"");
        RunRequest request = RunRequestCodec.decode(record.value());
        assertThat(request.getProfile()).isEqualTo("quick");
        assertThat(request.getSeed()).isEqualTo(11);

        // the request comes back through the topic: the run is QUEUED until data-prep accepts it
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId)
                .then().statusCode(200).body("status", equalTo("QUEUED")).body("profile", equalTo("quick")));
        Api.writer().contentType(ContentType.JSON).body("{\"runId\":\"" + runId + "\",\"profile\":\"quick\"}")
                .when().post("/api/runs").then().statusCode(409);
    }

    @Test
    void malformedBodiesAreRefused() {
        Api.writer().contentType(ContentType.JSON).body("{\"profile\":\"quick\",\"sede\":1}")
                .when().post("/api/runs")
                .then().statusCode(400).body("error", containsString("malformed run request")).body("error", containsString("sede"));
        Api.writer().contentType(ContentType.JSON).body("this is not json")
                .when().post("/api/runs").then().statusCode(400).body("error", containsString("JSON"));
        Api.writer().contentType(ContentType.JSON).body("")
                .when().post("/api/runs").then().statusCode(400);
        for (String runId : java.util.List.of("../etc", ".", "..", ".hidden", "-x", "a/b", "a".repeat(65))) {
            Api.writer().contentType(ContentType.JSON).body("{\"runId\":\"" + runId + "\",\"profile\":\"quick\"}")
                    .when().post("/api/runs").then().statusCode(400).body("error", containsString("runId"));
        }
        // a retry is not a new run
        Api.writer().contentType(ContentType.JSON).body("{\"runId\":\"it-not-new\",\"retry\":true}")
                .when().post("/api/runs").then().statusCode(400).body("error", containsString("/retry"));
    }

    @Test
    void twoConcurrentSubmitsOfOneRunIdGiveOne202AndOne409() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                String body = "{\"runId\":\"it-race-" + round + "\",\"profile\":\"quick\"}";
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return Api.writer().contentType(ContentType.JSON).body(body).when().post("/api/runs").statusCode();
                    }));
                }
                start.countDown();
                java.util.List<Integer> codes = new java.util.ArrayList<>();
                for (var answer : answers) {
                    codes.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(codes).as("round %d", round).containsOnly(202, 409).filteredOn(c -> c == 202).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyJsonIsAccepted() {
        // a cross-site HTML form can post text/plain, application/x-www-form-urlencoded or multipart: none is a run
        Api.writer().contentType(ContentType.TEXT).body("{\"profile\":\"quick\"}")
                .when().post("/api/runs").then().statusCode(415);
        Api.writer().contentType(ContentType.URLENC).formParam("profile", "quick")
                .when().post("/api/runs").then().statusCode(415);
        Api.writer().contentType("application/json; charset=utf-8").body("{\"profile\":\"quick\",\"seed\":3}")
                .when().post("/api/runs").then().statusCode(202);
    }

    @Test
    void aRequestThatListsTooManyJobsIsRefusedWithTheCountAndTheLimit() {
        StringBuilder ks = new StringBuilder();
        for (int k = 1; k <= 200; k++) {
            ks.append(k == 1 ? "" : ",").append(k);
        }
        Api.writer().contentType(ContentType.JSON).body("{\"profile\":\"quick\",\"reducers\":[{\"kind\":\"pca\",\"k\":["
                        + ks + "]}],\"architectures\":[{\"name\":\"a\",\"hidden\":[8]},{\"name\":\"b\",\"hidden\":[8]}]}")
                .when().post("/api/runs").then().statusCode(400)
                .body("error", containsString("600 jobs")).body("error", containsString("at most 500"));
    }

    @Test
    void runFollowsItsEventsAndProgress() {
        String runId = "it-lifecycle";
        TopicClient.event(TopicClient.accepted(runId, "quick", 1, 2));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k16", Progress.Kind.STARTED));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k16", Progress.Kind.FINISHED));
        TopicClient.progress(TopicClient.job(runId, "classifier-trainer", "pca-k16-A1", Progress.Kind.STARTED)
                .toBuilder().setMaxEpochs(8).build());
        TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A1", 1, 8, 0.9, 1.1));
        TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A1", 2, 8, 0.6, 0.8));

        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("RUNNING"))
                .body("profile", equalTo("quick"))
                .body("counts.reducerJobs", equalTo(1))
                .body("counts.classifierJobs", equalTo(2))
                .body("jobs", hasSize(2))
                .body("jobs[0].stage", equalTo("reducer-trainer"))
                .body("jobs[0].status", equalTo("FINISHED"))
                .body("jobs[1].jobId", equalTo("pca-k16-A1"))
                .body("jobs[1].status", equalTo("RUNNING"))
                .body("jobs[1].epoch", equalTo(2))
                .body("jobs[1].maxEpochs", equalTo(8))
                .body("jobs[1].loss", equalTo(0.6f))
                .body("jobs[1].valLoss", equalTo(0.8f))
                .body("jobs[1].curve", hasSize(2)));
        when().get("/api/runs").then().statusCode(200).body("runId", hasItem(runId));

        TopicClient.progress(TopicClient.job(runId, "classifier-trainer", "pca-k16-A1", Progress.Kind.FINISHED));
        TopicClient.event(TopicClient.completed(runId,
                TopicClient.putReport(runId, TopicClient.reportJson(runId, null))));

        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("status", equalTo("COMPLETED"))
                .body("reportKey", equalTo("runs/" + runId + "/report.json"))
                .body("finishedAt", matchesPattern("\\d{4}-.*"))
                .body("counts.finished", equalTo(2)));
        when().get("/api/runs/" + runId + "/report").then().statusCode(200).contentType(ContentType.JSON)
                .body("runId", equalTo(runId)).body("rows", hasSize(2)).body("rows[1].reducer", equalTo("pca"));
        when().get("/api/runs/" + runId + "/artifacts/report.json").then().statusCode(200)
                .contentType(ContentType.JSON).body("rows[0].k", equalTo(784));
        // cancelling a finished run is a conflict
        Api.writer().when().delete("/api/runs/" + runId).then().statusCode(409);
    }

    @Test
    void rejectedRunShowsItsReasons() {
        String runId = "it-rejected";
        TopicClient.event(RunEvent.newBuilder().setRunId(runId).setRejected(RunRejected.newBuilder()
                .setRequest(RunRequest.newBuilder().setRunId(runId).setProfile("no-such-profile"))
                .addReasons("unknown profile no-such-profile").addReasons("digits must be between 0 and 9")).build());

        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("reasons", hasSize(2))
                .body("reasons[0]", equalTo("unknown profile no-such-profile")));
    }

    @Test
    void deleteCancelsTheRunThroughTheRunEventsTopic() throws Exception {
        String runId = "it-cancel";
        TopicClient.event(TopicClient.accepted(runId, "seed", 3, 6));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().body("status", equalTo("RUNNING")));

        Api.writer().queryParam("reason", "wrong seed").when().delete("/api/runs/" + runId)
                .then().statusCode(202).body("runId", equalTo(runId))
                // what was published, and the status the run had: not CANCELLED before anything is cancelled
                .body("status", equalTo("RUNNING"))
                .body("published.topic", equalTo(Topics.RUN_EVENTS))
                .body("published.key", equalTo(runId))
                .body("published.message.cancelled.reason", equalTo("wrong seed"));

        ConsumerRecord<String, byte[]> record = TopicClient.await(Topics.RUN_EVENTS, r -> {
            try {
                return runId.equals(r.key()) && RunEvent.parseFrom(r.value()).hasCancelled();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                return false;
            }
        });
        assertThat(RunEvent.parseFrom(record.value()).getCancelled().getReason()).isEqualTo("wrong seed");
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("status", equalTo("CANCELLED")).body("reasons", hasItem("wrong seed")));
        // cancelling it again publishes nothing
        Api.writer().when().delete("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("published", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void eventsStreamTheRunThenEachJobThatChanges() throws Exception {
        String runId = "it-sse";
        TopicClient.event(TopicClient.accepted(runId, "quick", 1, 1));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().statusCode(200));

        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(events.resolve(runId + "/events"))
                        .header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"runId\":\"" + runId + "\"")));
        TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A1", 1, 4, 0.7, 0.9));
        await().atMost(WAIT).until(() -> lines.contains("event:job")
                && lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"jobId\":\"pca-k16-A1\"")));
        assertThat(lines).contains("event:run").noneMatch(l -> l.startsWith("content-type"));
        response.body().close();
    }

    @io.quarkus.test.common.http.TestHTTPResource("/api/runs/")
    java.net.URI events;

    @Test
    void unknownRunsAndMissingReportsAre404() {
        when().get("/api/runs/no-such-run").then().statusCode(404).body("error", containsString("no-such-run"));
        Api.writer().when().delete("/api/runs/no-such-run").then().statusCode(404);
        Api.writer().when().post("/api/runs/no-such-run/retry").then().statusCode(404);
        when().get("/api/runs/no-such-run/report").then().statusCode(404);
        when().get("/api/runs/no-such-run/artifacts/pictures/x.png").then().statusCode(404);
    }

    @Test
    void artifactsAreServedWithTheirContentType() {
        String runId = "it-artifacts";
        try (var store = TopicClient.store()) {
            store.put("runs/" + runId + "/report.md", "# Report\n".getBytes(StandardCharsets.UTF_8));
            store.put("runs/" + runId + "/pictures/curve.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
        when().get("/api/runs/" + runId + "/artifacts/report.md").then().statusCode(200)
                .contentType(containsString("text/markdown")).body(equalTo("# Report\n"));
        byte[] png = when().get("/api/runs/" + runId + "/artifacts/pictures/curve.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(png).hasSize(4);
        when().get("/api/runs/" + runId + "/artifacts/../it-lifecycle/report.json").then().statusCode(404);
    }

    @Test
    void anArtifactPathCannotLeaveItsRun() {
        String runId = "it-escape";
        try (var store = TopicClient.store()) {
            store.put("runs/it-secret/report.json", "{\"secret\":true}".getBytes(StandardCharsets.UTF_8));
            store.put("runs/" + runId + "/report.md", "# mine\n".getBytes(StandardCharsets.UTF_8));
            store.put("jobs/x/model.bin", new byte[] {1, 2, 3});
        }
        when().get("/api/runs/" + runId + "/artifacts/report.md").then().statusCode(200);
        // sent as written: no client-side normalisation of '..' or of percent-encodings
        for (String path : java.util.List.of(
                "../it-secret/report.json",
                "..%2Fit-secret%2Freport.json",
                "%2E%2E%2Fit-secret%2Freport.json",
                "%2e%2e/it-secret/report.json",
                "..%5Cit-secret%5Creport.json",
                "pictures/../../it-secret/report.json",
                "%2Fruns%2Fit-secret%2Freport.json",
                "/runs/it-secret/report.json",
                "%2F%2E%2E%2F%2E%2E%2Fjobs%2Fx%2Fmodel.bin")) {
            io.restassured.response.Response response = given().urlEncodingEnabled(false)
                    .when().get("/api/runs/" + runId + "/artifacts/" + path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.asString()).as(path).doesNotContain("secret\":true").doesNotContain("# mine");
        }
        // a run id that is not one cannot be a prefix either
        for (String run : java.util.List.of("..", ".", "%2E%2E")) {
            assertThat(given().urlEncodingEnabled(false).when().get("/api/runs/" + run + "/artifacts/it-secret/report.json")
                    .statusCode()).as(run).isIn(400, 404);
        }
    }

    @Test
    void picturesAreFoundByTheNameTheReportGivesThem() {
        String runId = "it-pictures";
        try (var store = TopicClient.store()) {
            store.put("jobs/reducer-trainer/abc/recon-pca-k16.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1});
            store.put("runs/" + runId + "/report.json", ("{\"runId\":\"" + runId + "\",\"pictures\":[{\"name\":"
                    + "\"recon-pca-k16\",\"caption\":\"c\",\"key\":\"jobs/reducer-trainer/abc/recon-pca-k16.png\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] png = when().get("/api/runs/" + runId + "/pictures/recon-pca-k16").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(png).hasSize(5);
        when().get("/api/runs/" + runId + "/pictures/no-such-picture").then().statusCode(404);
    }

    @Test
    void openApiAndTheDashboardAreServed() {
        when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/runs/{runId}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/runs/{runId}/events"));
        when().get("/q/swagger-ui/").then().statusCode(200);
        when().get("/").then().statusCode(200).contentType(ContentType.HTML).body(containsString("Latent Lab"));
        when().get("/app.js").then().statusCode(200);
    }
}
