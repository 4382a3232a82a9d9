package io.latentlab.kit.store;

/** The object store's layout: every stage and the launcher derive keys from here. */
public final class StoreKeys {

    /** Where the launcher (or a cluster job) puts the original MNIST IDX files. */
    public static final String MNIST_PREFIX = "mnist/raw/";

    /**
     * A run id becomes S3 keys ({@code runs/<runId>/}), local directories and URL segments: it starts with a letter
     * or digit and holds only letters, digits, '.', '_' and '-', at most 64 characters ('.' and '..' never match).
     */
    public static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String RUN_ID_RULE = "runId must be 1-64 characters of letters, digits, '.', '_' or '-', "
            + "starting with a letter or digit";

    private StoreKeys() {
    }

    public static boolean validRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
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
