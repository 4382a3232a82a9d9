package io.latentlab.kit.store;

/** The object store's layout: every stage and the launcher derive keys from here. */
public final class StoreKeys {

    /** Where the launcher (or a cluster job) puts the original MNIST IDX files. */
    public static final String MNIST_PREFIX = "mnist/raw/";

    private StoreKeys() {
    }

    public static String mnist(String fileName) {
        return MNIST_PREFIX + fileName;
    }

    public static String dataset(String datasetHash) {
        return "datasets/" + datasetHash + "/";
    }

    public static String job(String stage, String jobKey) {
        return "jobs/" + stage + "/" + jobKey + "/";
    }

    public static String run(String runId) {
        return "runs/" + runId + "/";
    }

    public static String runAccepted(String runId) {
        return run(runId) + "accepted.pb";
    }

    public static String runRow(String runId, String jobId) {
        return run(runId) + "rows/" + jobId + ".json";
    }

    public static String runReport(String runId, String fileName) {
        return run(runId) + fileName;
    }
}
