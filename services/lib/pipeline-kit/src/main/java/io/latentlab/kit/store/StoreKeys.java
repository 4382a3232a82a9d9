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

    /**
     * Where a named dataset's IDX files are staged: MNIST's stay at {@link #MNIST_PREFIX} (its manifest is built in),
     * every other dataset's under {@code sources/<name>/}, beside its {@link #datasetManifest manifest}.
     */
    public static String datasetSource(String name) {
        return "mnist".equals(name) ? MNIST_PREFIX : "sources/" + name + "/";
    }

    public static String datasetFile(String name, String fileName) {
        return datasetSource(name) + fileName;
    }

    /** A staged dataset's manifest.json (name, class names, shape, the files' sha256 and sizes, source). */
    public static String datasetManifest(String name) {
        return "sources/" + name + "/manifest.json";
    }

    /** The splits a run draws from a dataset, stored once per identity hash. */
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
