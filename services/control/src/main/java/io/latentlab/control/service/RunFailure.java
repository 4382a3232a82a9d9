package io.latentlab.control.service;

import java.time.Instant;

/** Why an attempt of a run failed (a RunEvent {@code failed}): the reason, and the job and stage when a job failed it. */
public record RunFailure(int attempt, String reason, String jobId, String stage, Instant at) {
}
