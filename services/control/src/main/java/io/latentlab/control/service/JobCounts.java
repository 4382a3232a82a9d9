package io.latentlab.control.service;

/** Planned jobs (from the run's accepted event) and what the progress topic has shown of them so far. */
public record JobCounts(int reducerJobs, int classifierJobs, int jobs, int running, int finished, int failed, int skipped) {
}
