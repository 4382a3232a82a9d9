package io.latentlab.control.service;

/** The run state has not caught up with Kafka yet (just started, or the broker is unreachable): a 503. */
public class ProjectionNotReadyException extends RuntimeException {
    public ProjectionNotReadyException(String message) {
        super(message);
    }
}
