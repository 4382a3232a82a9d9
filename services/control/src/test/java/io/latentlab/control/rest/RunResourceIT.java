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
        String runId = given().contentType(ContentType.JSON).body("{\"profile\":\"quick\",\"seed\":11}")
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
        given().contentType(ContentType.JSON).body("{\"runId\":\"" + runId + "\",\"profile\":\"quick\"}")
                .when().post("/api/runs").then().statusCode(409);
    }

    @Test
    void malformedBodiesAreRefused() {
        given().contentType(ContentType.JSON).body("{\"profile\":\"quick\",\"sede\":1}")
                .when().post("/api/runs")
                .then().statusCode(400).body("error", containsString("malformed run request")).body("error", containsString("sede"));
        given().contentType(ContentType.JSON).body("this is not json")
                .when().post("/api/runs").then().statusCode(400).body("error", containsString("JSON"));
        given().contentType(ContentType.JSON).body("")
                .when().post("/api/runs").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"runId\":\"../etc\",\"profile\":\"quick\"}")
                .when().post("/api/runs").then().statusCode(400).body("error", containsString("runId"));
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
        when().delete("/api/runs/" + runId).then().statusCode(409);
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

        given().queryParam("reason", "wrong seed").when().delete("/api/runs/" + runId)
                .then().statusCode(202).body("runId", equalTo(runId));

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
        when().delete("/api/runs/no-such-run").then().statusCode(404);
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
