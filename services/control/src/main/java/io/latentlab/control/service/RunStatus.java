package io.latentlab.control.service;

/**
 * A run's status as the control service sees it. It moves forward (QUEUED, RUNNING, then a terminal
 * status; the first terminal status wins) with these exceptions: a FAILED run that is retried (an
 * accepted event of a later attempt) runs again; a FAILED run whose report turns up (a completed event)
 * is COMPLETED; a RUNNING run shows STALLED while its stall (a {@code stalled} run event, published by
 * the {@link StallWatchdog}) is its latest news, and RUNNING again once a job makes progress.
 */
public enum RunStatus {
    QUEUED, RUNNING, STALLED, COMPLETED, FAILED, CANCELLED, REJECTED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING && this != STALLED;
    }

    /** The statuses a retry may start from: a failed run, and one whose jobs have stopped making progress. */
    public boolean retryable() {
        return this == FAILED || this == STALLED;
    }
}
