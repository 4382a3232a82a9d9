package io.latentlab.control.rest;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunRequest;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Failed runs, retries, resumed and cached jobs: the stages' events made by hand on the real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class RunFailureAndRetryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aFailedRunShowsWhyAndARetryRunsItAgain() throws Exception {
        String runId = "it-fail-retry";
        TopicClient.event(TopicClient.accepted(runId, "quick", 2, 2));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k16", Progress.Kind.FINISHED));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae1-k16", Progress.Kind.STARTED));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae1-k16", Progress.Kind.FAILED).toBuilder()
                .setMessage("artifact runs/x/train.npy has sha256 00, its ref promised ff").build());
        TopicClient.event(TopicClient.failed(runId, 1, "job ae1-k16 failed: artifact runs/x/train.npy has sha256 00, "
                + "its ref promised ff", "ae1-k16", "reducer-trainer"));

        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("attempt", equalTo(1))
                .body("reasons[0]", containsString("sha256"))
                .body("failure.jobId", equalTo("ae1-k16"))
                .body("failure.stage", equalTo("reducer-trainer"))
                .body("failure.attempt", equalTo(1))
                .body("failure.reason", containsString("ae1-k16"))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue())
                .body("counts.failed", equalTo(1))
                .body("jobs.find { it.jobId == 'ae1-k16' }.status", equalTo("FAILED"))
                .body("jobs.find { it.jobId == 'ae1-k16' }.error", containsString("sha256")));
        // a failed run is over: nothing to cancel
        Api.writer().when().delete("/api/runs/" + runId).then().statusCode(409);

        Api.writer().when().post("/api/runs/" + runId + "/retry").then().statusCode(202)
                .header("Location", containsString("/api/runs/" + runId))
                .body("runId", equalTo(runId))
                .body("status", equalTo("FAILED"))
                .body("published.topic", equalTo(Topics.RUN_REQUESTS))
                .body("published.key", equalTo(runId))
                .body("published.message.runId", equalTo(runId))
                .body("published.message.retry", equalTo(true));
        ConsumerRecord<String, byte[]> record = TopicClient.await(Topics.RUN_REQUESTS, r -> runId.equals(r.key()));
        // the bytes a kcat user would publish
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"runId\":\"" + runId + "\",\"retry\":true}");
        RunRequest request = RunRequestCodec.decode(record.value());
        assertThat(request.getRetry()).isTrue();
        assertThat(request.getRunId()).isEqualTo(runId);
        // one retry per failed attempt
        Api.writer().when().post("/api/runs/" + runId + "/retry").then().statusCode(409)
                .body("error", containsString("already published"));

        // data-prep accepts attempt 2: RUNNING again, the failure kept in the history
        TopicClient.event(TopicClient.acceptedAttempt(runId, "quick", 2, 2, 2));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("status", equalTo("RUNNING"))
                .body("attempt", equalTo(2))
                .body("failure", nullValue())
                .body("reasons", hasSize(0))
                .body("finishedAt", nullValue())
                .body("previousFailures", hasSize(1))
                .body("previousFailures[0].jobId", equalTo("ae1-k16")));
        when().get("/api/runs").then().body("find { it.runId == '" + runId + "' }.attempt", equalTo(2));
        Api.writer().when().post("/api/runs/" + runId + "/retry").then().statusCode(409)
                .body("error", containsString("RUNNING"));

        // the finished job is reused from the cache, the failed one trains again
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k16", Progress.Kind.SKIPPED).toBuilder()
                .setTrainedByRun(runId).setMessage("outputs exist").build());
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae1-k16", Progress.Kind.STARTED));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("jobs.find { it.jobId == 'pca-k16' }.status", equalTo("SKIPPED"))
                .body("jobs.find { it.jobId == 'pca-k16' }.cachedFrom", equalTo(runId))
                .body("jobs.find { it.jobId == 'ae1-k16' }.status", equalTo("RUNNING"))
                .body("counts.cached", equalTo(1)));

        // a second failure of attempt 2 can be retried once more
        TopicClient.event(TopicClient.failed(runId, 2, "job ae1-k16 failed again", "ae1-k16", "reducer-trainer"));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("status", equalTo("FAILED")).body("failure.attempt", equalTo(2)));
        Api.writer().when().post("/api/runs/" + runId + "/retry").then().statusCode(202);
    }

    @Test
    void onlyFailedRunsAreRetried() {
        TopicClient.event(TopicClient.accepted("it-retry-running", "quick", 1, 1));
        TopicClient.event(TopicClient.accepted("it-retry-done", "quick", 1, 1));
        TopicClient.event(TopicClient.completed("it-retry-done",
                TopicClient.putReport("it-retry-done", TopicClient.reportJson("it-retry-done", null))));
        TopicClient.event(TopicClient.accepted("it-retry-cancelled", "quick", 1, 1));
        TopicClient.event(io.latentlab.proto.RunEvent.newBuilder().setRunId("it-retry-cancelled")
                .setCancelled(io.latentlab.proto.RunCancelled.newBuilder().setReason("stop")).build());
        await().atMost(WAIT).untilAsserted(() -> {
            when().get("/api/runs/it-retry-running").then().body("status", equalTo("RUNNING"));
            when().get("/api/runs/it-retry-done").then().body("status", equalTo("COMPLETED"));
            when().get("/api/runs/it-retry-cancelled").then().body("status", equalTo("CANCELLED"));
        });
        Api.writer().when().post("/api/runs/it-retry-running/retry").then().statusCode(409).body("error", containsString("FAILED"));
        Api.writer().when().post("/api/runs/it-retry-done/retry").then().statusCode(409);
        Api.writer().when().post("/api/runs/it-retry-cancelled/retry").then().statusCode(409)
                .body("error", containsString("new runId"));
        Api.writer().when().post("/api/runs/it-no-such-run/retry").then().statusCode(404);
    }

    @Test
    void aDuplicateCompletedEventChangesNothing() {
        String runId = "it-dup-completed";
        TopicClient.event(TopicClient.accepted(runId, "quick", 1, 1));
        TopicClient.event(TopicClient.completed(runId, TopicClient.putReport(runId, TopicClient.reportJson(runId, null))));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().body("status", equalTo("COMPLETED")));
        String before = when().get("/api/runs/" + runId).then().extract().asString();

        TopicClient.event(TopicClient.completed(runId, io.latentlab.proto.ArtifactRef.newBuilder()
                .setKey("runs/" + runId + "/other.json").build()));
        // a later record on the same partition (same key): once it shows, the duplicate was folded
        TopicClient.event(TopicClient.failed(runId, 1, "marker", "", ""));
        TopicClient.progress(TopicClient.job(runId, "evaluator", "marker", Progress.Kind.FINISHED));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("jobs.find { it.jobId == 'marker' }.status", equalTo("FINISHED")));
        String after = when().get("/api/runs/" + runId).then()
                .body("status", equalTo("COMPLETED"))
                .body("reportKey", equalTo("runs/" + runId + "/report.json"))
                .extract().asString();
        assertThat(after.replaceAll(",\"jobs\":.*", "").replaceAll("\"counts\":\\{[^}]*},", ""))
                .isEqualTo(before.replaceAll(",\"jobs\":.*", "").replaceAll("\"counts\":\\{[^}]*},", ""));
    }

    @Test
    void aResumedTrainingAndACachedJobAreShownAsSuch() {
        String runId = "it-resume-cache";
        TopicClient.event(TopicClient.accepted(runId, "quick", 2, 0));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k256", Progress.Kind.STARTED).toBuilder()
                .setMaxEpochs(15).build());
        for (int epoch = 1; epoch <= 3; epoch++) {
            TopicClient.progress(TopicClient.epoch(runId, "ae3-k256", epoch, 15, 1.0 / epoch, 1.2 / epoch).toBuilder()
                    .setStage("reducer-trainer").build());
        }
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k256", Progress.Kind.STARTED).toBuilder()
                .setMaxEpochs(15).build());
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k256", Progress.Kind.RESUMED).toBuilder()
                .setEpoch(2).setMaxEpochs(15).setMessage("resumed at epoch 2").build());
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k64", Progress.Kind.SKIPPED).toBuilder()
                .setTrainedByRun("quick-20261127-101500-3fa2").build());

        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("jobs.find { it.jobId == 'ae3-k256' }.status", equalTo("RUNNING"))
                .body("jobs.find { it.jobId == 'ae3-k256' }.resumedFromEpoch", equalTo(2))
                .body("jobs.find { it.jobId == 'ae3-k256' }.epoch", equalTo(2))
                .body("jobs.find { it.jobId == 'ae3-k256' }.curve", hasSize(2))
                .body("jobs.find { it.jobId == 'ae3-k256' }.cachedFrom", nullValue())
                .body("jobs.find { it.jobId == 'pca-k64' }.status", equalTo("SKIPPED"))
                .body("jobs.find { it.jobId == 'pca-k64' }.cachedFrom", equalTo("quick-20261127-101500-3fa2"))
                .body("jobs.find { it.jobId == 'pca-k64' }.resumedFromEpoch", nullValue())
                .body("counts.cached", equalTo(1)));
    }
}
