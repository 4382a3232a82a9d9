package io.latentlab.control.service;

import java.time.Instant;

/** A line of the runs list. */
public record RunSummary(String runId, String profile, RunStatus status, Instant startedAt, Instant finishedAt,
                         JobCounts counts, int attempt) {
}
