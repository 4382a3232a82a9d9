package io.latentlab.control.service;

import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;
import io.latentlab.proto.RunRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * STALLED runs and retries that survive a restart, on a fake clock: {@link #tick} is the watchdog's loop
 * (StallRule over the projection's running runs), and what it publishes is folded back as the run log would.
 */
class RunStallsAndRetriesTest {

    private static final Duration STALL_AFTER = Duration.ofSeconds(300);
    private static final Duration RETRY_PENDING = Duration.ofSeconds(300);

    private final RunStateProjection projection = new RunStateProjection();
    /** Every record folded, in order: replayed into a fresh projection, it is a restarted control service. */
    private final List<Consumer<RunStateProjection>> log = new ArrayList<>();

    @Test
    void aRunWhoseJobsMakeNoProgressForTheLimitIsStalledOnceWithTheReason() {
        event(accepted("s1", 1), 1_000);
        progress(epoch("s1", "ae3-k64", 13, 60), 2_000);

        assertThat(tick(2_000 + STALL_AFTER.toMillis() - 1)).isEmpty();
        assertThat(status("s1")).isEqualTo(RunStatus.RUNNING);

        List<RunEvent> stalled = tick(2_000 + STALL_AFTER.toMillis());
        assertThat(stalled).singleElement().satisfies(e -> {
            assertThat(e.getRunId()).isEqualTo("s1");
            assertThat(e.getStalled().getAttempt()).isEqualTo(1);
            assertThat(e.getStalled().getLastProgressMs()).isEqualTo(2_000);
            assertThat(e.getStalled().getStallSeconds()).isEqualTo(300);
            assertThat(e.getStalled().getReason()).contains("for 300 s", "latentlab.control.stall-seconds, is 300 s",
                    "ae3-k64 (reducer-trainer) at epoch 13/60", "./latentlab retry s1");
        });
        RunDetail run = projection.find("s1").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.STALLED);
        assertThat(run.status().terminal()).isFalse();
        assertThat(run.stall()).isEqualTo(new RunStall(1, stalled.get(0).getStalled().getReason(),
                Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(2_000 + STALL_AFTER.toMillis())));
        assertThat(projection.list()).singleElement().satisfies(summary -> {
            assertThat(summary.status()).isEqualTo(RunStatus.STALLED);
            assertThat(summary.stall()).isEqualTo(run.stall());
        });
        assertThat(projection.stalledCount()).isEqualTo(1);

        // once per stall: later ticks, and a restarted service that replays the log, publish nothing more
        assertThat(tick(2_000 + 3 * STALL_AFTER.toMillis())).isEmpty();
        RunStateProjection restarted = replay();
        assertThat(restarted.find("s1")).contains(projection.find("s1").orElseThrow());
        assertThat(restarted.runningRuns()).allSatisfy(r ->
                assertThat(StallRule.decide(r, 2_000 + 10 * STALL_AFTER.toMillis(), STALL_AFTER)).isEmpty());
    }

    @Test
    void aStalledRunThatMakesProgressRunsAgainAndItsStallsEndOnce() {
        event(accepted("s2", 1), 1_000);
        tick(1_000 + STALL_AFTER.toMillis());
        assertThat(status("s2")).isEqualTo(RunStatus.STALLED);

        long resumedAt = 1_000 + STALL_AFTER.toMillis() + 5_000;
        progress(epoch("s2", "ae1-k16", 2, 8), resumedAt);
        assertThat(status("s2")).isEqualTo(RunStatus.RUNNING);
        assertThat(projection.find("s2").orElseThrow().stall()).isNull();
        assertThat(projection.stalledCount()).isZero();

        assertThat(tick(resumedAt + 1_000)).singleElement().satisfies(e -> {
            assertThat(e.getStallEnded().getStalledLastProgressMs()).isEqualTo(1_000);
            assertThat(e.getStallEnded().getProgressMs()).isEqualTo(resumedAt);
        });
        assertThat(tick(resumedAt + 2_000)).isEmpty();
        assertThat(status("s2")).isEqualTo(RunStatus.RUNNING);

        // silent again: a second stall, about the new last progress
        assertThat(tick(resumedAt + STALL_AFTER.toMillis())).singleElement()
                .satisfies(e -> assertThat(e.getStalled().getLastProgressMs()).isEqualTo(resumedAt));
        assertThat(status("s2")).isEqualTo(RunStatus.STALLED);
    }

    @Test
    void progressReplayedBeforeTheStallItEndedStillShowsRunning() {
        RunEvent stall = RunEvent.newBuilder().setRunId("s3").setTimestampMs(400_000).setStalled(
                io.latentlab.proto.RunStalled.newBuilder().setAttempt(1).setLastProgressMs(1_000).setReason("quiet")).build();
        // the progress topic is read before the run-events topic
        projection.progress(epoch("s3", "pca-k16-A1", 1, 8), 500_000);
        projection.event(accepted("s3", 1), 1_000);
        projection.event(stall, 400_000);
        assertThat(status("s3")).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void onlyRunningRunsStall() {
        event(accepted("done", 1), 1_000);
        event(completed("done", 2_000), 2_000);
        event(accepted("broken", 1), 1_000);
        event(failed("broken", 1, "oom", "ae3-k256", "reducer-trainer"), 2_000);
        projection.request(RunRequest.newBuilder().setRunId("queued").setProfile("quick").build(), 1_000);
        assertThat(tick(10 * STALL_AFTER.toMillis())).isEmpty();
        assertThat(List.of(status("done"), status("broken"), status("queued")))
                .containsExactly(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.QUEUED);
    }

    @Test
    void aStalledRunIsRetriedAsAFailedOneAndItsNewAttemptRuns() {
        event(accepted("s4", 1), 1_000);
        tick(1_000 + STALL_AFTER.toMillis());
        RunDetail stalled = projection.find("s4").orElseThrow();
        assertThat(stalled.status().retryable()).isTrue();
        assertThat(RunService.retryPendingUntil(stalled, RETRY_PENDING, Instant.ofEpochMilli(400_000))).isEmpty();

        long retriedAt = 400_000;
        retryRequest("s4", retriedAt);
        assertThat(RunService.retryPendingUntil(projection.find("s4").orElseThrow(), RETRY_PENDING,
                Instant.ofEpochMilli(retriedAt + 1_000))).isPresent();

        event(accepted("s4", 2), retriedAt + 2_000);
        RunDetail retried = projection.find("s4").orElseThrow();
        assertThat(retried.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.retryRequestedAt()).isNull();
        assertThat(tick(retriedAt + 3_000)).singleElement().satisfies(e -> assertThat(e.hasStallEnded()).isTrue());
        // attempt 2 is measured from its acceptance
        assertThat(tick(retriedAt + 2_000 + STALL_AFTER.toMillis())).singleElement()
                .satisfies(e -> assertThat(e.getStalled().getAttempt()).isEqualTo(2));
        // a stall of attempt 1 arriving late is history
        event(RunEvent.newBuilder().setRunId("s4").setStalled(io.latentlab.proto.RunStalled.newBuilder().setAttempt(1)
                .setLastProgressMs(10_000_000).setReason("old")).build(), 10_000_000);
        assertThat(projection.find("s4").orElseThrow().stall().attempt()).isEqualTo(2);
    }

    @Test
    void aPendingRetryBlocksAnotherUntilItsDeadlineAndSurvivesARestart() {
        event(accepted("p1", 1), 1_000);
        event(failed("p1", 1, "oom", "ae3-k256", "reducer-trainer"), 2_000);
        retryRequest("p1", 10_000);

        RunDetail run = replay().find("p1").orElseThrow(); // a restarted service reads the request from the log
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.retryRequestedAt()).isEqualTo(Instant.ofEpochMilli(10_000));
        assertThat(RunService.retryPendingUntil(run, RETRY_PENDING, Instant.ofEpochMilli(10_000 + 299_999)))
                .contains(Instant.ofEpochMilli(310_000));
        // data-prep never answered (it was down, or the request was lost): past the deadline a retry may go again
        assertThat(RunService.retryPendingUntil(run, RETRY_PENDING, Instant.ofEpochMilli(310_000))).isEmpty();
    }

    @Test
    void aRetryThatFailsBeforeItsAcceptanceShowsWhyAndCanBeRetriedAgain() {
        event(accepted("p2", 1), 1_000);
        event(failed("p2", 1, "oom", "ae3-k256", "reducer-trainer"), 2_000);
        retryRequest("p2", 10_000);
        // data-prep's retry failed before it stored attempt 2: its failed event repeats attempt 1
        event(failed("p2", 1, "retry failed: S3 unreachable", "data-prep", "data-prep"), 11_000);

        RunDetail run = projection.find("p2").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(run.failure().reason()).isEqualTo("retry failed: S3 unreachable");
        assertThat(run.reasons()).containsExactly("retry failed: S3 unreachable");
        assertThat(run.previousFailures()).extracting(RunFailure::reason).containsExactly("oom");
        assertThat(run.retryRequestedAt()).isNull();
        assertThat(RunService.retryPendingUntil(run, RETRY_PENDING, Instant.ofEpochMilli(11_001))).isEmpty();
        assertThat(replay().find("p2")).contains(run);

        // a late failure of another job of attempt 1 is no answer to a retry
        retryRequest("p2", 20_000);
        event(failed("p2", 1, "late", "pca-k16", "reducer-trainer"), 21_000);
        assertThat(projection.find("p2").orElseThrow().retryRequestedAt()).isEqualTo(Instant.ofEpochMilli(20_000));
        assertThat(projection.find("p2").orElseThrow().failure().reason()).isEqualTo("retry failed: S3 unreachable");
    }

    @Test
    void aCompletedEventAfterAFailedOneCompletesTheRun() {
        event(accepted("c1", 1), 1_000);
        event(failed("c1", 1, "publishing the classifier result failed", "pca-k16-A1", "classifier-trainer"), 2_000);
        retryRequest("c1", 3_000);
        // data-prep finds the report written: it announces the completion again instead of a new attempt
        event(completed("c1", 4_000), 4_000);

        RunDetail run = projection.find("c1").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.reportKey()).isEqualTo("runs/c1/report.json");
        assertThat(run.failure()).isNull();
        assertThat(run.reasons()).isEmpty();
        assertThat(run.finishedAt()).isEqualTo(Instant.ofEpochMilli(4_000));
        assertThat(run.previousFailures()).extracting(RunFailure::attempt, RunFailure::reason)
                .containsExactly(tuple(1, "publishing the classifier result failed"));
        assertThat(run.retryRequestedAt()).isNull();

        // a failure after the completion, of the same or another attempt, changes nothing
        event(failed("c1", 1, "late", "ae1-k16", "reducer-trainer"), 5_000);
        event(failed("c1", 2, "later", "ae1-k16", "reducer-trainer"), 6_000);
        assertThat(projection.find("c1").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(replay().find("c1").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aReasonNamesAtMostFiveRunningJobs() {
        List<String> jobs = List.of("a", "b", "c", "d", "e", "f", "g");
        String reason = StallRule.reason(new RunActivity("r", 1, 0, -1, -1, jobs), 301_000, STALL_AFTER);
        assertThat(reason).contains("for 301 s", "a, b, c, d, e and 2 more").doesNotContain("f,");
        assertThat(StallRule.reason(new RunActivity("r", 1, 0, -1, -1, List.of()), 301_000, STALL_AFTER))
                .contains("no job was running");
    }

    // ------------------------------------------------------------------ the log and the watchdog, by hand

    /** One watchdog tick at {@code nowMs}: what it publishes goes to the run log and back into the projection. */
    private List<RunEvent> tick(long nowMs) {
        List<RunEvent> events = projection.runningRuns().stream()
                .flatMap(run -> StallRule.decide(run, nowMs, STALL_AFTER).stream()).toList();
        events.forEach(e -> event(e, nowMs));
        return events;
    }

    private void event(RunEvent event, long recordTimestampMs) {
        projection.event(event, recordTimestampMs);
        log.add(p -> p.event(event, recordTimestampMs));
    }

    private void progress(Progress progress, long recordTimestampMs) {
        projection.progress(progress, recordTimestampMs);
        log.add(p -> p.progress(progress, recordTimestampMs));
    }

    private void retryRequest(String runId, long recordTimestampMs) {
        RunRequest retry = RunRequest.newBuilder().setRunId(runId).setRetry(true).build();
        projection.request(retry, recordTimestampMs);
        log.add(p -> p.request(retry, recordTimestampMs));
    }

    private RunStateProjection replay() {
        RunStateProjection restarted = new RunStateProjection();
        log.forEach(record -> record.accept(restarted));
        return restarted;
    }

    private RunStatus status(String runId) {
        return projection.find(runId).orElseThrow().status();
    }

    private static RunEvent accepted(String runId, int attempt) {
        return RunEvent.newBuilder().setRunId(runId).setAccepted(RunAccepted.newBuilder()
                .setRequest(RunRequest.newBuilder().setRunId(runId).setProfile("seed").setSeed(7))
                .setReducerJobs(2).setClassifierJobs(2).setAttempt(attempt)).build();
    }

    private static RunEvent failed(String runId, int attempt, String reason, String jobId, String stage) {
        return RunEvent.newBuilder().setRunId(runId).setFailed(RunFailed.newBuilder().setReason(reason).setJobId(jobId)
                .setStage(stage).setAttempt(attempt)).build();
    }

    private static RunEvent completed(String runId, long at) {
        return RunEvent.newBuilder().setRunId(runId).setTimestampMs(at).setCompleted(RunCompleted.newBuilder()
                .setReportJson(ArtifactRef.newBuilder().setKey("runs/" + runId + "/report.json"))).build();
    }

    private static Progress epoch(String runId, String jobId, int epoch, int max) {
        return Progress.newBuilder().setRunId(runId).setStage("reducer-trainer").setJobId(jobId)
                .setKind(Progress.Kind.EPOCH).setEpoch(epoch).setMaxEpochs(max).setLoss(0.5).setValLoss(0.6).build();
    }
}
