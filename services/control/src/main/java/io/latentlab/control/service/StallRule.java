package io.latentlab.control.service;

import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunStallEnded;
import io.latentlab.proto.RunStalled;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a RUNNING run is STALLED, as a pure function of what the projection knows and the clock: a run
 * whose latest progress is {@code stallAfter} or more behind {@code nowMs} stalls, once per silence (a
 * stall names the progress it is about, and one already published for it is not published again: after a
 * restart the replayed log says so). A stall that progress has ended gets its end published, once.
 */
public final class StallRule {

    /** Running jobs named in a reason, at most: a run may have hundreds. */
    static final int JOBS_NAMED = 5;

    private StallRule() {
    }

    /** The run event to publish for {@code run} at {@code nowMs}, if any. */
    public static Optional<RunEvent> decide(RunActivity run, long nowMs, Duration stallAfter) {
        if (run.lastProgressMs() < 0) {
            return Optional.empty(); // RUNNING from a record without a time: nothing to measure from
        }
        boolean stallPublished = run.stalledAtProgressMs() >= run.lastProgressMs();
        if (stallPublished) {
            return Optional.empty();
        }
        long silentMs = nowMs - run.lastProgressMs();
        if (silentMs >= stallAfter.toMillis()) {
            return Optional.of(RunEvent.newBuilder().setRunId(run.runId()).setTimestampMs(nowMs)
                    .setStalled(RunStalled.newBuilder()
                            .setReason(reason(run, silentMs, stallAfter))
                            .setAttempt(run.attempt())
                            .setLastProgressMs(run.lastProgressMs())
                            .setStallSeconds(stallAfter.toSeconds()))
                    .build());
        }
        boolean endedStallUnannounced = run.stalledAtProgressMs() >= 0 && run.stallEndedForMs() < run.stalledAtProgressMs();
        if (endedStallUnannounced) {
            return Optional.of(RunEvent.newBuilder().setRunId(run.runId()).setTimestampMs(nowMs)
                    .setStallEnded(RunStallEnded.newBuilder()
                            .setAttempt(run.attempt())
                            .setStalledLastProgressMs(run.stalledAtProgressMs())
                            .setProgressMs(run.lastProgressMs()))
                    .build());
        }
        return Optional.empty();
    }

    static String reason(RunActivity run, long silentMs, Duration stallAfter) {
        List<String> jobs = run.runningJobs();
        String running = jobs.isEmpty() ? "no job was running"
                : "running then: " + String.join(", ", jobs.subList(0, Math.min(JOBS_NAMED, jobs.size())))
                + (jobs.size() > JOBS_NAMED ? " and " + (jobs.size() - JOBS_NAMED) + " more" : "");
        return "no job of attempt " + run.attempt() + " has made progress for " + silentMs / 1000 + " s (the limit, "
                + "latentlab.control.stall-seconds, is " + stallAfter.toSeconds() + " s) since "
                + Instant.ofEpochMilli(run.lastProgressMs()) + "; " + running
                + ". Retry the run (./latentlab retry " + run.runId() + ") or cancel it";
    }
}
