package io.latentlab.control.service;

/**
 * Planned jobs (from the run's accepted event) and what the progress topic has shown of them so far;
 * {@code cached} counts the skipped jobs whose outputs another run (or an earlier attempt) trained.
 */
public record JobCounts(int reducerJobs, int classifierJobs, int jobs, int running, int finished, int failed, int skipped,
                        int cached) {
}
