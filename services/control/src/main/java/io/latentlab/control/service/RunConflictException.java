package io.latentlab.control.service;

/** The request contradicts the run's state (a run id already taken, a finished run cancelled). */
public class RunConflictException extends RuntimeException {
    public RunConflictException(String message) {
        super(message);
    }
}
