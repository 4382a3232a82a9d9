package io.latentlab.kit;

import java.util.List;

/** Kafka topic names shared by every stage. */
public final class Topics {

    public static final String RUN_REQUESTS = "latentlab.run-requests";
    public static final String RUN_EVENTS = "latentlab.run-events";
    public static final String REDUCER_JOBS = "latentlab.reducer-jobs";
    public static final String CLASSIFIER_JOBS = "latentlab.classifier-jobs";
    public static final String CLASSIFIER_RESULTS = "latentlab.classifier-results";
    public static final String PROGRESS = "latentlab.progress";
    public static final String DEAD_LETTERS = "latentlab.dead-letters";

    private Topics() {
    }

    public static List<String> all() {
        return List.of(RUN_REQUESTS, RUN_EVENTS, REDUCER_JOBS, CLASSIFIER_JOBS, CLASSIFIER_RESULTS, PROGRESS,
                DEAD_LETTERS);
    }
}
