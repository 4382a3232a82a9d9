package io.latentlab.launcher.bench;

/**
 * One job of a run (wall clock, ms): for a reducer or classifier the time its training held a slot, for
 * other jobs from its first STARTED to its last FINISHED progress event; and the epochs it trained.
 */
public record JobSpan(String stage, String jobId, long startMs, long endMs, int epochs) {

    public static final String REDUCERS = "reducer-trainer";
    public static final String CLASSIFIERS = "classifier-trainer";
    public static final String NOISE = "noise-injector";

    public double seconds() {
        return (endMs - startMs) / 1000.0;
    }

    /** A job that holds a training slot (data-prep and the report do not). */
    public boolean usesSlot() {
        return stage.equals(REDUCERS) || stage.equals(CLASSIFIERS) || stage.equals(NOISE);
    }

    /** A job that trains a network: an autoencoder or a classifier (not PCA, raw, noise). */
    public boolean trainsNetwork() {
        return stage.equals(CLASSIFIERS) || stage.equals(REDUCERS) && epochs > 0;
    }
}
