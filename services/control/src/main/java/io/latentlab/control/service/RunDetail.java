package io.latentlab.control.service;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about a run. {@code reasons} holds the rejection reasons, or the failure or
 * cancellation reason; {@code reportKey} is set once the run has completed.
 */
public record RunDetail(
        String runId,
        String profile,
        Long seed,
        RunStatus status,
        List<String> reasons,
        Instant startedAt,
        Instant finishedAt,
        JobCounts counts,
        String reportKey,
        List<JobView> jobs) {
}
