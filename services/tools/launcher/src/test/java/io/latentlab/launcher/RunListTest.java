package io.latentlab.launcher;

import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;
import io.latentlab.proto.RunStallEnded;
import io.latentlab.proto.RunStalled;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ./latentlab status's fold of the run events: stalls, their end, retries and a completion after a failure. */
class RunListTest {

    private final Map<String, String[]> runs = new LinkedHashMap<>();

    @Test
    void aStalledRunShowsStalledWithTheReasonAndRunningOnceItsStallEnds() {
        note(accepted(1));
        note(RunEvent.newBuilder().setRunId("r").setStalled(RunStalled.newBuilder().setAttempt(1)
                .setReason("no job of attempt 1 has made progress for 300 s")).build());
        assertThat(runs.get("r")).startsWith("STALLED").contains("no job of attempt 1 has made progress for 300 s");

        note(RunEvent.newBuilder().setRunId("r").setStallEnded(RunStallEnded.newBuilder().setAttempt(1)).build());
        assertThat(runs.get("r")[0]).isEqualTo("RUNNING");
        assertThat(runs.get("r")[2]).contains("progressing again");
    }

    @Test
    void aStalledRunIsRetriedAndAStallEndAfterTheRunEndedChangesNothing() {
        note(accepted(1));
        note(RunEvent.newBuilder().setRunId("r").setStalled(RunStalled.newBuilder().setAttempt(1).setReason("quiet")).build());
        note(accepted(2));
        assertThat(runs.get("r")[0]).isEqualTo("RUNNING");
        assertThat(runs.get("r")[2]).contains("attempt 2");

        note(failed());
        note(RunEvent.newBuilder().setRunId("r").setStallEnded(RunStallEnded.getDefaultInstance()).build());
        assertThat(runs.get("r")[0]).isEqualTo("FAILED");
    }

    @Test
    void aCompletionOutweighsAFailureButNotTheOtherWayRound() {
        note(accepted(1));
        note(failed());
        assertThat(runs.get("r")[0]).isEqualTo("FAILED");
        note(RunEvent.newBuilder().setRunId("r").setCompleted(RunCompleted.newBuilder()
                .setReportHtml(ArtifactRef.newBuilder().setKey("runs/r/report.html"))).build());
        assertThat(runs.get("r")).startsWith("COMPLETED").contains("runs/r/report.html");
        note(failed());
        assertThat(runs.get("r")[0]).isEqualTo("COMPLETED");
    }

    private void note(RunEvent event) {
        RunList.note(runs, event.toByteArray());
    }

    private static RunEvent accepted(int attempt) {
        return RunEvent.newBuilder().setRunId("r").setAccepted(RunAccepted.newBuilder().setClassifierJobs(4)
                .setAttempt(attempt)).build();
    }

    private static RunEvent failed() {
        return RunEvent.newBuilder().setRunId("r").setFailed(RunFailed.newBuilder().setReason("oom")
                .setJobId("ae3-k256").setStage("reducer-trainer").setAttempt(1)).build();
    }
}
