package io.latentlab.control.service;

/** A run's status as the control service sees it; it only moves forward, and the first terminal status sticks. */
public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, REJECTED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }
}
