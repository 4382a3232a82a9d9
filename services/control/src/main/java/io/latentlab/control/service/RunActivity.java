package io.latentlab.control.service;

import java.util.List;

/**
 * A RUNNING run as the stall watchdog sees it: its attempt, its latest progress, the latest stall published
 * for it (the last progress that stall was about, -1: none), the latest stall whose end was published (-1:
 * none), and its running jobs (for the reason). Times in epoch milliseconds.
 */
public record RunActivity(String runId, int attempt, long lastProgressMs, long stalledAtProgressMs,
                          long stallEndedForMs, List<String> runningJobs) {
}
