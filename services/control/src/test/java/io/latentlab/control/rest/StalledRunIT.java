package io.latentlab.control.rest;

import io.latentlab.control.browser.HeadlessChromium;
import io.latentlab.kit.Topics;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * A run whose jobs go quiet, on the real broker with a 3-second stall limit: it shows STALLED (API, runs list,
 * metric) with a stalled run event published once, RUNNING again at its next progress (a stall_ended event),
 * and it can be retried as a failed run can; a retry that data-prep never answers stops blocking the next one
 * after its deadline. The dashboard shows the stall (run page and runs list) and its Retry button retries it.
 */
@QuarkusTest
@TestProfile(StalledRunIT.ShortStalls.class)
@QuarkusTestResource(KafkaS3TestResource.class)
class StalledRunIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL dashboard;

    public static class ShortStalls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latentlab.control.stall-seconds", "3",
                    "latentlab.control.stall-check-seconds", "1",
                    "latentlab.control.retry-pending-seconds", "6");
        }
    }

    @Test
    void aSilentRunIsStalledOnceRunsAgainOnProgressAndCanBeRetried() {
        String runId = "it-stalled";
        TopicClient.event(TopicClient.accepted(runId, "seed", 2, 2));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k64", Progress.Kind.STARTED).toBuilder()
                .setMaxEpochs(60).build());
        TopicClient.progress(TopicClient.epoch(runId, "ae3-k64", 13, 60, 0.5, 0.6).toBuilder()
                .setStage("reducer-trainer").build());

        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("STALLED"))
                .body("stall.attempt", equalTo(1))
                .body("stall.reason", containsString("latentlab.control.stall-seconds, is 3 s"))
                .body("stall.reason", containsString("ae3-k64 (reducer-trainer) at epoch 13/60"))
                .body("finishedAt", nullValue()));
        when().get("/api/runs").then().body("find { it.runId == '" + runId + "' }.status", equalTo("STALLED"))
                .body("find { it.runId == '" + runId + "' }.stall.reason", containsString("no job of attempt 1"));
        String metrics = when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "latentlab_runs_stalled")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "latentlab_run_stalls_total")).isGreaterThanOrEqualTo(1);

        // the run event, with the reason, once per stall (the watchdog keeps ticking every second)
        RunEvent stall = await().atMost(WAIT).until(() -> runEvents(runId, RunEvent::hasStalled), l -> !l.isEmpty()).get(0);
        assertThat(stall.getStalled().getReason()).contains("./latentlab retry " + runId);
        assertThat(stall.getStalled().getStallSeconds()).isEqualTo(3);
        sleep(Duration.ofSeconds(3));
        assertThat(runEvents(runId, RunEvent::hasStalled)).hasSize(1);

        // progress again: RUNNING, and the stall's end is published
        TopicClient.progress(TopicClient.epoch(runId, "ae3-k64", 14, 60, 0.4, 0.5).toBuilder()
                .setStage("reducer-trainer").build());
        await().atMost(WAIT).until(() -> runEvents(runId, RunEvent::hasStallEnded), l -> !l.isEmpty());
        assertThat(runEvents(runId, RunEvent::hasStallEnded)).singleElement().satisfies(e ->
                assertThat(e.getStallEnded().getStalledLastProgressMs()).isEqualTo(stall.getStalled().getLastProgressMs()));

        // quiet again: a second stall; a STALLED run is retried as a FAILED one
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then().body("status", equalTo("STALLED")));
        assertThat(runEvents(runId, RunEvent::hasStalled)).hasSize(2);
        Api.writer().when().post("/api/runs/" + runId + "/retry").then().statusCode(202)
                .body("status", equalTo("STALLED"))
                .body("published.message.retry", equalTo(true));
        Api.writer().when().post("/api/runs/" + runId + "/retry").then().statusCode(409)
                .body("error", containsString("already published"))
                .body("error", containsString("latentlab.control.retry-pending-seconds = 6"));
        when().get("/api/runs/" + runId).then().body("retryRequestedAt", org.hamcrest.Matchers.notNullValue());

        // data-prep never answers: past the deadline the run may be retried again
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                Api.writer().when().post("/api/runs/" + runId + "/retry").then().statusCode(202));

        // it answers at last: attempt 2 runs
        TopicClient.event(TopicClient.acceptedAttempt(runId, "seed", 2, 2, 2));
        await().atMost(WAIT).untilAsserted(() -> when().get("/api/runs/" + runId).then()
                .body("attempt", equalTo(2))
                .body("retryRequestedAt", nullValue()));
    }

    @Test
    void theDashboardShowsAStalledRunWithItsReasonAndItsRetryButtonRetriesIt() throws Exception {
        String runId = "it-stalled-page";
        TopicClient.event(TopicClient.accepted(runId, "seed", 2, 2));
        TopicClient.progress(TopicClient.epoch(runId, "ae1-k16", 3, 20, 0.5, 0.6).toBuilder()
                .setStage("reducer-trainer").build());
        try (HeadlessChromium chromium = HeadlessChromium.start(DashboardIT.SCREENSHOTS, "1280,1200", "stalled")) {
            WebDriver browser = chromium.browser();
            browser.get(dashboard + "#token=" + Api.writeToken());
            browser.get(dashboard + "#/runs/" + runId);
            chromium.until(WAIT, d -> chromium.text("#run-status").equals("STALLED"));
            assertThat(chromium.text("#run-failure")).startsWith("Stalled since")
                    .contains("latentlab.control.stall-seconds", "ae1-k16 (reducer-trainer) at epoch 3/20");
            assertThat(browser.findElement(By.id("cancel-button")).isDisplayed()).isTrue();
            chromium.until(WAIT, d -> d.findElement(By.id("retry-button")).isDisplayed());
            chromium.screenshot("dashboard-stalled.png");

            browser.findElement(By.id("retry-button")).click();
            chromium.until(WAIT, d -> chromium.text("#run-message").contains("retry published"));
            TopicClient.await(Topics.RUN_REQUESTS, r -> runId.equals(r.key()));

            browser.get(dashboard + "#/");
            String row = "tr[data-run=\"" + runId + "\"]";
            chromium.until(WAIT, d -> chromium.text(row).contains("STALLED"));
            assertThat(chromium.text(row)).contains("no progress since");
            assertThat(browser.findElement(By.cssSelector(row + " td.run-status")).getAttribute("title"))
                    .contains("has made progress for");
        }
    }

    /** The run's events on latentlab.run-events so far that match {@code kind}, read from the beginning. */
    private static List<RunEvent> runEvents(String runId, java.util.function.Predicate<RunEvent> kind) {
        List<RunEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaS3TestResource.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RUN_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (runId.equals(record.key())) {
                        RunEvent event = parse(record.value());
                        if (kind.test(event)) {
                            events.add(event);
                        }
                    }
                }
            }
        }
        return events;
    }

    private static RunEvent parse(byte[] value) {
        try {
            return RunEvent.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not a run event", e);
        }
    }

    private static double metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E+-]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
