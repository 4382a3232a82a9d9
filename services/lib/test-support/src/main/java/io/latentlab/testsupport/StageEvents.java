package io.latentlab.testsupport;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a stage under test reports about a run, read back from the test broker through {@link TopicProbe}. */
public final class StageEvents {

    private StageEvents() {
    }

    /** The run's progress events of one kind (at least one, or fewer on a timeout: the caller's assertion says so). */
    public static List<Progress> progress(String runId, Progress.Kind kind, Duration wait) {
        return TopicProbe.awaitValues(Topics.PROGRESS, 1, wait, bytes -> EventCodec.decode(bytes, Progress.parser(), "progress"),
                p -> p.getRunId().equals(runId) && p.getKind() == kind);
    }

    /** Checks that the stage failed the run once, naming the job and, in the reason, {@code reasonPart}. */
    public static void assertRunFailed(String runId, String stage, String jobId, String reasonPart, Duration wait) {
        List<RunEvent> failures = failures(runId, wait);
        assertThat(failures).as("a failed run event").hasSize(1);
        RunFailed failed = failures.get(0).getFailed();
        assertThat(failed.getStage()).isEqualTo(stage);
        assertThat(failed.getJobId()).isEqualTo(jobId);
        assertThat(failed.getReason()).contains(reasonPart);
        assertThat(progress(runId, Progress.Kind.FAILED, wait)).as("FAILED progress")
                .anySatisfy(p -> assertThat(p.getStage()).isEqualTo(stage));
    }

    /** Sends bytes that are no message to {@code topic} and checks that they reach the dead letters with a reason. */
    public static void assertGarbageIsDeadLettered(String topic, Duration wait) {
        String garbageKey = "garbage-" + UUID.randomUUID();
        TopicProbe.send(topic, garbageKey, "this is no message".getBytes(StandardCharsets.UTF_8));
        assertThat(TopicProbe.await(Topics.DEAD_LETTERS, 1, wait, r -> garbageKey.equals(r.key())))
                .singleElement().satisfies(r -> assertThat(r.headers().lastHeader("dead-letter-reason")).isNotNull());
    }

    /** The run's {@code failed} run events. */
    public static List<RunEvent> failures(String runId, Duration wait) {
        return TopicProbe.awaitValues(Topics.RUN_EVENTS, 1, wait, bytes -> EventCodec.decode(bytes, RunEvent.parser(), "run event"),
                event -> event.getRunId().equals(runId) && event.hasFailed());
    }
}
