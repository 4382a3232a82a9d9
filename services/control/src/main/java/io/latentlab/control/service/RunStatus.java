package io.latentlab.control.service;

/**
 * A run's status as the control service sees it. It moves forward (QUEUED, RUNNING, then a terminal
 * status; the first terminal status wins) with one exception: a FAILED run that is retried (an
 * accepted event of a later attempt) runs again.
 */
public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, REJECTED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }
}
