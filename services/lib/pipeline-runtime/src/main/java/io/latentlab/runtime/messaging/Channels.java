package io.latentlab.runtime.messaging;

/** Channel names shared by every service; each maps to a topic of {@code io.latentlab.kit.Topics} in application.properties. */
public final class Channels {
    public static final String RUN_REQUESTS = "run-requests";
    public static final String RUN_EVENTS = "run-events";
    public static final String REDUCER_JOBS = "reducer-jobs";
    public static final String CLASSIFIER_JOBS = "classifier-jobs";
    public static final String CLASSIFIER_RESULTS = "classifier-results";
    public static final String PROGRESS = "progress";
    /** Outgoing to the run-events topic from any stage whose job failed (a stage may also consume run-events). */
    public static final String RUN_FAILURES = "run-failures";

    private Channels() {
    }
}
