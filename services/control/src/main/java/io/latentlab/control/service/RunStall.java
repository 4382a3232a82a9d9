package io.latentlab.control.service;

import java.time.Instant;

/**
 * Why a RUNNING run shows STALLED (a {@code stalled} run event): the reason, the run's last progress before
 * it went quiet, and when the stall was published.
 */
public record RunStall(int attempt, String reason, Instant lastProgressAt, Instant stalledAt) {
}
