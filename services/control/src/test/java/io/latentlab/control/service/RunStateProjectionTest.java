package io.latentlab.control.service;

import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunCancelled;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;
import io.latentlab.proto.RunRejected;
import io.latentlab.proto.RunRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunStateProjectionTest {

    private final RunStateProjection projection = new RunStateProjection();

    @Test
    void requestThenAcceptedThenEpochsThenCompleted() {
        projection.request(RunRequest.newBuilder().setRunId("r1").setProfile("quick").setSeed(7).build(), 1_000);
        assertThat(projection.find("r1")).get().extracting(RunDetail::status).isEqualTo(RunStatus.QUEUED);

        projection.event(accepted("r1", 2, 4), 2_000);
        projection.progress(progress("r1", "classifier-trainer", "pca-k16-A1", Progress.Kind.STARTED, 0, 8), 3_000);
        projection.progress(epoch("r1", "pca-k16-A1", 1, 8, 0.9, 1.0), 4_000);
        projection.progress(epoch("r1", "pca-k16-A1", 2, 8, 0.5, 0.7), 5_000);

        RunDetail running = projection.find("r1").orElseThrow();
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.profile()).isEqualTo("quick");
        assertThat(running.seed()).isEqualTo(7L);
        assertThat(running.counts()).isEqualTo(new JobCounts(2, 4, 1, 1, 0, 0, 0, 0));
        JobView job = running.jobs().get(0);
        assertThat(job.stage()).isEqualTo("classifier-trainer");
        assertThat(job.epoch()).isEqualTo(2);
        assertThat(job.maxEpochs()).isEqualTo(8);
        assertThat(job.loss()).isEqualTo(0.5);
        assertThat(job.valLoss()).isEqualTo(0.7);
        assertThat(job.curve()).extracting(EpochPoint::epoch).containsExactly(1, 2);

        projection.progress(progress("r1", "classifier-trainer", "pca-k16-A1", Progress.Kind.FINISHED, 0, 0), 6_000);
        projection.event(RunEvent.newBuilder().setRunId("r1").setTimestampMs(7_000).setCompleted(RunCompleted.newBuilder()
                .setReportJson(ArtifactRef.newBuilder().setKey("runs/r1/report.json"))).build(), 7_000);

        RunDetail done = projection.find("r1").orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.reportKey()).isEqualTo("runs/r1/report.json");
        assertThat(done.finishedAt().toEpochMilli()).isEqualTo(7_000);
        assertThat(done.jobs().get(0).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(done.jobs().get(0).curve()).hasSize(2);
    }

    @Test
    void recordsOfDifferentTopicsMayArriveInAnyOrderAndTheFirstTerminalStatusWins() {
        projection.event(RunEvent.newBuilder().setRunId("r2").setTimestampMs(9_000)
                .setCancelled(RunCancelled.newBuilder().setReason("enough")).build(), 9_000);
        projection.progress(epoch("r2", "pca-k16-A1", 3, 8, 0.4, 0.5), 8_000);
        projection.request(RunRequest.newBuilder().setRunId("r2").setProfile("seed").build(), 1_000);
        projection.event(accepted("r2", 1, 1), 2_000);
        projection.event(RunEvent.newBuilder().setRunId("r2").setTimestampMs(10_000)
                .setCompleted(RunCompleted.getDefaultInstance()).build(), 10_000);

        RunDetail run = projection.find("r2").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.reasons()).containsExactly("enough");
        assertThat(run.startedAt().toEpochMilli()).isEqualTo(1_000);
        assertThat(run.profile()).isEqualTo("seed");
    }

    @Test
    void rejectedRunKeepsItsReasons() {
        projection.event(RunEvent.newBuilder().setRunId("r3").setRejected(RunRejected.newBuilder()
                .setRequest(RunRequest.newBuilder().setProfile("nope"))
                .addReasons("unknown profile nope").addReasons("digits must not repeat")).build(), 1_000);

        RunDetail run = projection.find("r3").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(run.reasons()).containsExactly("unknown profile nope", "digits must not repeat");
        assertThat(run.profile()).isEqualTo("nope");
    }

    @Test
    void replayingTheSameRecordsGivesTheSameState() {
        Runnable replay = () -> {
            projection.request(RunRequest.newBuilder().setRunId("r4").setProfile("quick").build(), 1_000);
            projection.event(accepted("r4", 1, 1), 2_000);
            projection.progress(progress("r4", "reducer-trainer", "pca-k16", Progress.Kind.STARTED, 0, 0), 3_000);
            projection.progress(epoch("r4", "pca-k16-A1", 1, 4, 0.9, 1.0), 4_000);
            projection.progress(progress("r4", "reducer-trainer", "pca-k16", Progress.Kind.FAILED, 0, 0)
                    .toBuilder().setMessage("out of memory").build(), 5_000);
        };
        replay.run();
        RunDetail first = projection.find("r4").orElseThrow();
        replay.run();
        assertThat(projection.find("r4")).contains(first);
        assertThat(first.jobs()).extracting(JobView::stage).containsExactly("reducer-trainer", "classifier-trainer");
        assertThat(first.jobs().get(0).error()).isEqualTo("out of memory");
        assertThat(first.counts().failed()).isEqualTo(1);
    }

    @Test
    void subscribersGetTheRunThenEveryChange() throws Exception {
        List<String> seen = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void run(RunDetail run) {
                seen.add("run " + run.status());
            }

            @Override
            public void job(JobView job) {
                seen.add("job " + job.jobId() + " " + job.epoch());
            }
        };
        AutoCloseable handle = projection.subscribe("r5", listener);
        projection.request(RunRequest.newBuilder().setRunId("r5").build(), 1_000);
        projection.event(accepted("r5", 1, 1), 2_000);
        projection.progress(epoch("r5", "pca-k16-A1", 1, 4, 0.9, 1.0), 3_000);
        handle.close();
        projection.progress(epoch("r5", "pca-k16-A1", 2, 4, 0.8, 0.9), 4_000);

        assertThat(seen).containsExactly("run QUEUED", "run RUNNING", "job pca-k16-A1 1");
        assertThat(projection.list()).extracting(RunSummary::runId).containsExactly("r5");
    }

    @Test
    void aFailedEventFailsTheRunWithItsReasonJobAndStage() {
        projection.event(accepted("f1", 1, 2), 1_000);
        projection.progress(progress("f1", "classifier-trainer", "pca-k16-A1", Progress.Kind.STARTED, 0, 8), 2_000);
        projection.progress(progress("f1", "classifier-trainer", "pca-k16-A1", Progress.Kind.FAILED, 0, 0).toBuilder()
                .setMessage("artifact runs/x/codes.npy has sha256 00, its ref promised ff").build(), 3_000);
        projection.event(failed("f1", 1, "job pca-k16-A1 failed: checksum mismatch", "pca-k16-A1", "classifier-trainer"),
                4_000);

        RunDetail run = projection.find("f1").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.finishedAt().toEpochMilli()).isEqualTo(4_000);
        assertThat(run.reasons()).containsExactly("job pca-k16-A1 failed: checksum mismatch");
        assertThat(run.failure()).isEqualTo(new RunFailure(1, "job pca-k16-A1 failed: checksum mismatch", "pca-k16-A1",
                "classifier-trainer", java.time.Instant.ofEpochMilli(4_000)));
        assertThat(run.jobs().get(0).status()).isEqualTo(JobStatus.FAILED);
        assertThat(run.jobs().get(0).error()).contains("sha256");
        assertThat(run.counts().failed()).isEqualTo(1);
        // a failed run outside a job names neither
        projection.event(failed("f2", 0, "S3 unreachable for 10 min", "", ""), 5_000);
        assertThat(projection.find("f2").orElseThrow().failure().jobId()).isNull();
        assertThat(projection.find("f2").orElseThrow().failure().attempt()).isEqualTo(1);
    }

    @Test
    void aRetryPutsAFailedRunBackToRunningAndKeepsTheFailureInItsHistory() {
        projection.event(accepted("t1", 1, 1), 1_000);
        projection.event(failed("t1", 1, "out of memory", "ae3-k256", "reducer-trainer"), 2_000);
        projection.request(RunRequest.newBuilder().setRunId("t1").setRetry(true).build(), 3_000);
        assertThat(projection.find("t1").orElseThrow().status()).isEqualTo(RunStatus.FAILED);

        projection.event(accepted("t1", 1, 1).toBuilder().setAccepted(accepted("t1", 1, 1).getAccepted().toBuilder()
                .setAttempt(2)).build(), 4_000);
        RunDetail retried = projection.find("t1").orElseThrow();
        assertThat(retried.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.failure()).isNull();
        assertThat(retried.reasons()).isEmpty();
        assertThat(retried.finishedAt()).isNull();
        assertThat(retried.previousFailures()).extracting(RunFailure::attempt, RunFailure::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "out of memory"));
        assertThat(projection.list()).filteredOn(r -> r.runId().equals("t1")).extracting(RunSummary::attempt)
                .containsExactly(2);

        // another job of attempt 1 fails late: stale, the retry keeps running
        projection.event(failed("t1", 1, "late failure of attempt 1", "pca-k16", "reducer-trainer"), 5_000);
        assertThat(projection.find("t1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

        projection.event(completed("t1", "runs/t1/report.json", 6_000), 6_000);
        RunDetail done = projection.find("t1").orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);

        // replaying everything from the beginning gives the same state
        RunStateProjection replayed = new RunStateProjection();
        replayed.event(accepted("t1", 1, 1), 1_000);
        replayed.event(failed("t1", 1, "out of memory", "ae3-k256", "reducer-trainer"), 2_000);
        replayed.request(RunRequest.newBuilder().setRunId("t1").setRetry(true).build(), 3_000);
        replayed.event(accepted("t1", 1, 1).toBuilder().setAccepted(accepted("t1", 1, 1).getAccepted().toBuilder()
                .setAttempt(2)).build(), 4_000);
        replayed.event(failed("t1", 1, "late failure of attempt 1", "pca-k16", "reducer-trainer"), 5_000);
        replayed.event(completed("t1", "runs/t1/report.json", 6_000), 6_000);
        assertThat(replayed.find("t1")).contains(done);
    }

    @Test
    void aDuplicateCompletedEventChangesNothing() {
        projection.event(accepted("d1", 1, 1), 1_000);
        projection.event(completed("d1", "runs/d1/report.json", 2_000), 2_000);
        RunDetail first = projection.find("d1").orElseThrow();
        projection.event(completed("d1", "runs/d1/other-report.json", 9_000), 9_000);
        assertThat(projection.find("d1")).contains(first);
        assertThat(first.reportKey()).isEqualTo("runs/d1/report.json");
        assertThat(first.finishedAt().toEpochMilli()).isEqualTo(2_000);
    }

    @Test
    void aCancelledRunIsNotRevivedByALaterAcceptance() {
        projection.event(accepted("c1", 1, 1), 1_000);
        projection.event(RunEvent.newBuilder().setRunId("c1").setTimestampMs(2_000)
                .setCancelled(RunCancelled.newBuilder().setReason("enough")).build(), 2_000);
        projection.event(accepted("c1", 1, 1).toBuilder().setAccepted(accepted("c1", 1, 1).getAccepted().toBuilder()
                .setAttempt(2)).build(), 3_000);
        assertThat(projection.find("c1").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aResumedJobKeepsItsCurveUpToTheCheckpoint() {
        projection.event(accepted("m1", 1, 0), 1_000);
        projection.progress(progress("m1", "reducer-trainer", "ae3-k256", Progress.Kind.STARTED, 0, 15), 2_000);
        for (int e = 1; e <= 4; e++) {
            projection.progress(epoch("m1", "ae3-k256", e, 15, 1.0 / e, 1.1 / e).toBuilder().setStage("reducer-trainer")
                    .build(), 2_000 + e);
        }
        // killed during epoch 5 after the checkpoint of epoch 3 (epoch 4's progress was published, its
        // checkpoint was not written): redelivered, started again, resumed after epoch 3
        projection.progress(progress("m1", "reducer-trainer", "ae3-k256", Progress.Kind.STARTED, 0, 15), 10_000);
        projection.progress(progress("m1", "reducer-trainer", "ae3-k256", Progress.Kind.RESUMED, 3, 15).toBuilder()
                .setMessage("resumed at epoch 3").build(), 10_001);

        JobView job = projection.find("m1").orElseThrow().jobs().get(0);
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.resumedFromEpoch()).isEqualTo(3);
        assertThat(job.epoch()).isEqualTo(3);
        assertThat(job.curve()).extracting(EpochPoint::epoch).containsExactly(1, 2, 3);
        assertThat(job.loss()).isEqualTo(1.0 / 3);
        assertThat(job.message()).isEqualTo("resumed at epoch 3");

        projection.progress(epoch("m1", "ae3-k256", 4, 15, 0.2, 0.3).toBuilder().setStage("reducer-trainer").build(),
                10_002);
        projection.progress(progress("m1", "reducer-trainer", "ae3-k256", Progress.Kind.FINISHED, 0, 0), 10_003);
        job = projection.find("m1").orElseThrow().jobs().get(0);
        assertThat(job.curve()).extracting(EpochPoint::epoch).containsExactly(1, 2, 3, 4);
        assertThat(job.curve().get(3).loss()).isEqualTo(0.2);
        assertThat(job.resumedFromEpoch()).isEqualTo(3);
        assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void onlyTheMostRecentFinishedRunsKeepTheirCurvesOlderOnesKeepEachJobsLastFigures() {
        RunStateProjection twoRuns = new RunStateProjection(2);
        for (String run : List.of("old", "middle", "recent")) {
            twoRuns.event(accepted(run, 1, 1), 1_000);
            twoRuns.progress(progress(run, "classifier-trainer", "pca-k16-A1", Progress.Kind.STARTED, 0, 8), 2_000);
            twoRuns.progress(epoch(run, "pca-k16-A1", 1, 8, 0.9, 1.0), 3_000);
            twoRuns.progress(epoch(run, "pca-k16-A1", 2, 8, 0.5, 0.7), 4_000);
        }
        twoRuns.event(RunEvent.newBuilder().setRunId("old").setTimestampMs(5_000).setCompleted(RunCompleted.newBuilder()
                .setReportJson(ArtifactRef.newBuilder().setKey("runs/old/report.json"))).build(), 5_000);
        twoRuns.event(RunEvent.newBuilder().setRunId("middle").setTimestampMs(6_000)
                .setCancelled(RunCancelled.newBuilder().setReason("by hand")).build(), 6_000);
        assertThat(twoRuns.find("old").orElseThrow().jobs().get(0).curve()).hasSize(2);

        twoRuns.event(RunEvent.newBuilder().setRunId("recent").setTimestampMs(7_000).setCompleted(RunCompleted.newBuilder()
                .setReportJson(ArtifactRef.newBuilder().setKey("runs/recent/report.json"))).build(), 7_000);

        RunDetail old = twoRuns.find("old").orElseThrow();
        assertThat(old.curvesTrimmed()).isTrue();
        JobView job = old.jobs().get(0);
        assertThat(job.curve()).isEmpty();
        assertThat(job.epoch()).isEqualTo(2);
        assertThat(job.loss()).isEqualTo(0.5);
        assertThat(job.valLoss()).isEqualTo(0.7);
        assertThat(List.of("middle", "recent")).allSatisfy(run -> {
            assertThat(twoRuns.find(run).orElseThrow().curvesTrimmed()).isFalse();
            assertThat(twoRuns.find(run).orElseThrow().jobs().get(0).curve()).hasSize(2);
        });
        // a late epoch of a trimmed run updates its figures and adds no point
        twoRuns.progress(epoch("old", "pca-k16-A1", 3, 8, 0.4, 0.6), 8_000);
        assertThat(twoRuns.find("old").orElseThrow().jobs().get(0).curve()).isEmpty();
        assertThat(twoRuns.find("old").orElseThrow().jobs().get(0).epoch()).isEqualTo(3);
    }

    @Test
    void theRunsThatFinishedLastKeepTheirCurvesWhateverOrderTheLogIsReadIn() {
        RunStateProjection oneRun = new RunStateProjection(1);
        for (String run : List.of("later", "earlier")) {
            oneRun.event(accepted(run, 1, 1), 1_000);
            oneRun.progress(epoch(run, "pca-k16-A1", 1, 8, 0.9, 1.0), 2_000);
        }
        // another partition of the run events: the later finish is read first
        oneRun.event(RunEvent.newBuilder().setRunId("later").setTimestampMs(9_000)
                .setCancelled(RunCancelled.newBuilder().setReason("by hand")).build(), 9_000);
        oneRun.event(RunEvent.newBuilder().setRunId("earlier").setTimestampMs(5_000)
                .setCancelled(RunCancelled.newBuilder().setReason("by hand")).build(), 5_000);

        assertThat(oneRun.find("later").orElseThrow().curvesTrimmed()).isFalse();
        assertThat(oneRun.find("earlier").orElseThrow().curvesTrimmed()).isTrue();
    }

    @Test
    void aRunningRunKeepsItsCurvesHoweverManyRunsFinish() {
        RunStateProjection oneRun = new RunStateProjection(1);
        oneRun.event(accepted("long", 1, 1), 1_000);
        oneRun.progress(epoch("long", "ae3-k256", 1, 100, 0.9, 1.0), 2_000);
        for (int i = 0; i < 3; i++) {
            oneRun.event(accepted("short-" + i, 1, 1), 3_000);
            oneRun.event(RunEvent.newBuilder().setRunId("short-" + i).setTimestampMs(4_000)
                    .setCancelled(RunCancelled.newBuilder().setReason("by hand")).build(), 4_000);
        }

        assertThat(oneRun.find("long").orElseThrow().curvesTrimmed()).isFalse();
        assertThat(oneRun.find("long").orElseThrow().jobs().get(0).curve()).hasSize(1);
        assertThat(oneRun.find("short-0").orElseThrow().curvesTrimmed()).isTrue();
        assertThat(oneRun.find("short-2").orElseThrow().curvesTrimmed()).isFalse();
    }

    @Test
    void aJobSkippedBecauseCachedSaysWhichRunTrainedIt() {
        projection.event(accepted("k1", 1, 1), 1_000);
        projection.progress(progress("k1", "reducer-trainer", "pca-k16", Progress.Kind.SKIPPED, 0, 0).toBuilder()
                .setTrainedByRun("earlier-run").build(), 2_000);
        projection.progress(progress("k1", "classifier-trainer", "pca-k16-A1", Progress.Kind.SKIPPED, 0, 0), 3_000);

        RunDetail run = projection.find("k1").orElseThrow();
        assertThat(run.jobs()).extracting(JobView::jobId, JobView::cachedFrom).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pca-k16", "earlier-run"),
                org.assertj.core.groups.Tuple.tuple("pca-k16-A1", null));
        assertThat(run.counts().skipped()).isEqualTo(2);
        assertThat(run.counts().cached()).isEqualTo(1);
    }

    private static RunEvent failed(String runId, int attempt, String reason, String jobId, String stage) {
        return RunEvent.newBuilder().setRunId(runId).setFailed(RunFailed.newBuilder().setReason(reason).setJobId(jobId)
                .setStage(stage).setAttempt(attempt)).build();
    }

    private static RunEvent completed(String runId, String reportKey, long at) {
        return RunEvent.newBuilder().setRunId(runId).setTimestampMs(at).setCompleted(RunCompleted.newBuilder()
                .setReportJson(ArtifactRef.newBuilder().setKey(reportKey))).build();
    }

    private static RunEvent accepted(String runId, int reducerJobs, int classifierJobs) {
        return RunEvent.newBuilder().setRunId(runId).setAccepted(RunAccepted.newBuilder()
                .setRequest(RunRequest.newBuilder().setRunId(runId).setProfile(runId.equals("r2") ? "seed" : "quick")
                        .setSeed(7))
                .setReducerJobs(reducerJobs).setClassifierJobs(classifierJobs)).build();
    }

    private static Progress progress(String runId, String stage, String jobId, Progress.Kind kind, int epoch, int max) {
        return Progress.newBuilder().setRunId(runId).setStage(stage).setJobId(jobId).setKind(kind)
                .setEpoch(epoch).setMaxEpochs(max).build();
    }

    private static Progress epoch(String runId, String jobId, int epoch, int max, double loss, double valLoss) {
        return progress(runId, "classifier-trainer", jobId, Progress.Kind.EPOCH, epoch, max).toBuilder()
                .setLoss(loss).setValLoss(valLoss).build();
    }
}
