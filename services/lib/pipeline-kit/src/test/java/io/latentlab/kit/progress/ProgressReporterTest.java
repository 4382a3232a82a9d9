package io.latentlab.kit.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.latentlab.proto.Progress;

import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);

    final List<Progress> sent = new ArrayList<>();
    final ProgressReporter reporter = new ProgressReporter("classifier-trainer", sent::add, CLOCK);

    @Test
    void reportsEachKindWithStageRunJobAndTime() {
        reporter.started("r1", "pca-k64-A1", "training");
        reporter.epoch("r1", "pca-k64-A1", 3, 50, 0.42, 0.47);
        reporter.finished("r1", "pca-k64-A1", "done");
        reporter.failed("r1", "pca-k64-A2", "out of memory");
        reporter.skipped("r1", "pca-k64-A3", "outputs exist");

        assertThat(sent).extracting(Progress::getKind).containsExactly(
                Progress.Kind.STARTED, Progress.Kind.EPOCH, Progress.Kind.FINISHED, Progress.Kind.FAILED,
                Progress.Kind.SKIPPED);
        assertThat(sent).allSatisfy(p -> {
            assertThat(p.getStage()).isEqualTo("classifier-trainer");
            assertThat(p.getRunId()).isEqualTo("r1");
            assertThat(p.getTimestampMs()).isEqualTo(1_700_000_000_123L);
        });
        assertThat(sent.get(1)).isEqualTo(Progress.newBuilder()
                .setRunId("r1").setJobId("pca-k64-A1").setStage("classifier-trainer").setKind(Progress.Kind.EPOCH)
                .setEpoch(3).setMaxEpochs(50).setLoss(0.42).setValLoss(0.47).setTimestampMs(1_700_000_000_123L)
                .build());
        assertThat(sent.get(3).getMessage()).isEqualTo("out of memory");
        assertThat(sent.get(3).getJobId()).isEqualTo("pca-k64-A2");
    }

    @Test
    void aFailingSinkNeverFailsTheCaller() {
        List<Progress> attempted = new ArrayList<>();
        ProgressReporter failing = new ProgressReporter("evaluator", p -> {
            attempted.add(p);
            throw new IllegalStateException("broker down");
        }, CLOCK);

        assertThatCode(() -> {
            failing.started("r1", "j1", null);
            failing.finished("r1", "j1", "ok");
        }).doesNotThrowAnyException();
        assertThat(attempted).hasSize(2);
        assertThat(attempted.get(0).getMessage()).isEmpty();
    }
}
