package io.latentlab.control.service;

import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunCancelled;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
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
        assertThat(running.counts()).isEqualTo(new JobCounts(2, 4, 1, 1, 0, 0, 0));
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
