package io.latentlab.control.service;

import java.time.Instant;
import java.util.List;

/** One job of a run, as rebuilt from the progress topic; {@code curve} holds every epoch seen so far. */
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
        List<EpochPoint> curve) {
}
