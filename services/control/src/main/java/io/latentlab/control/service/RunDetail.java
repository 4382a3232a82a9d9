package io.latentlab.control.service;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about a run. {@code reasons} holds the rejection reasons, or the failure or
 * cancellation reason; {@code reportKey} is set once the run has completed. {@code attempt} is 1, then
 * 2, 3... once the run has been retried; {@code failure} says why the current attempt failed (FAILED
 * only) and {@code previousFailures} why the earlier attempts did. {@code curvesTrimmed}: an older finished
 * run whose jobs no longer carry their learning curves here (the report's curve pictures have them).
 * {@code stall} says why a STALLED run is stalled (null otherwise); {@code retryRequestedAt} is the latest
 * retry request that data-prep has not answered yet (null when there is none).
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
        int attempt,
        RunFailure failure,
        List<RunFailure> previousFailures,
        boolean curvesTrimmed,
        RunStall stall,
        Instant retryRequestedAt,
        List<JobView> jobs) {
}
