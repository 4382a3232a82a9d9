package io.latentlab.control.service;

import java.time.Instant;
import java.util.List;

/**
 * One job of a run, as rebuilt from the progress topic; {@code curve} holds every epoch seen so far.
 * {@code resumedFromEpoch}: the checkpointed epoch a redelivered training went on after (null: never
 * resumed). {@code cachedFrom}: the run whose job trained the outputs this one reused (null: not cached).
 */
public record JobView(
        String stage,
        String jobId,
        JobStatus status,
        int epoch,
        int maxEpochs,
        Double loss,
        Double valLoss,
        Instant startedAt,
        Instant finishedAt,
        String message,
        String error,
        Integer resumedFromEpoch,
        String cachedFrom,
        List<EpochPoint> curve) {
}
