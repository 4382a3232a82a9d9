package io.latentlab.model.service;

/** No run of that id has a report in the store (404): nothing is loaded or evicted for it. */
public class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(String runId) {
        super("no run " + runId);
    }
}
