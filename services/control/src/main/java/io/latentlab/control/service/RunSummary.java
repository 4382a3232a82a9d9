package io.latentlab.control.service;

import java.time.Instant;

/** A line of the runs list; {@code stall} says why a STALLED run is stalled (null otherwise). */
public record RunSummary(String runId, String profile, RunStatus status, Instant startedAt, Instant finishedAt,
                         JobCounts counts, int attempt, RunStall stall) {
}
