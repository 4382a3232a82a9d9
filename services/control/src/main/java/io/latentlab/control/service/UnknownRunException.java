package io.latentlab.control.service;

public class UnknownRunException extends RuntimeException {
    public UnknownRunException(String runId) {
        super("no run " + runId);
    }
}
