package io.latentlab.testsupport;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;

import java.time.Duration;
import java.util.List;

/** What a stage under test reports about a run, read back from the test broker through {@link TopicProbe}. */
public final class StageEvents {

    private StageEvents() {
    }

    /** The run's progress events of one kind (at least one, or fewer on a timeout: the caller's assertion says so). */
    public static List<Progress> progress(String runId, Progress.Kind kind, Duration wait) {
        return TopicProbe.awaitValues(Topics.PROGRESS, 1, wait, bytes -> EventCodec.decode(bytes, Progress.parser(), "progress"),
                p -> p.getRunId().equals(runId) && p.getKind() == kind);
    }

    /** The run's {@code failed} run events. */
    public static List<RunEvent> failures(String runId, Duration wait) {
        return TopicProbe.awaitValues(Topics.RUN_EVENTS, 1, wait, bytes -> EventCodec.decode(bytes, RunEvent.parser(), "run event"),
                event -> event.getRunId().equals(runId) && event.hasFailed());
    }
}
