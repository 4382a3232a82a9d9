package io.latentlab.kit.jobs;

import java.util.regex.Pattern;

/**
 * The rule that keeps job ids apart. A reducer job's id is made of '-'-separated parts ("pca-k32",
 * "dae20-k256-s2"); a classifier job's id is its reducer job's id, '-', and the architecture's name. Architecture
 * names cannot contain '-', so the last '-' of a classifier job id always separates the two, and two different
 * (reducer job, architecture) pairs never share an id: with '-' allowed, "raw" x "s2-A1" and "raw-s2" x "A1"
 * (repeat 2) were both "raw-s2-A1", one row overwrote the other and the run never completed.
 */
public final class JobIds {

    /** Letters, digits, '.' and '_', a letter or digit first, 64 characters at most: never '-'. */
    public static final Pattern ARCHITECTURE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._]{0,63}");
    public static final String ARCHITECTURE_NAME_RULE = "1-64 letters, digits, '.' or '_', starting with a letter or "
            + "digit (no '-': it separates the parts of job ids)";
    public static final char SEPARATOR = '-';

    private JobIds() {
    }

    public static boolean validArchitectureName(String name) {
        return name != null && ARCHITECTURE_NAME.matcher(name).matches();
    }

    /**
     * The id of the classifier job that trains {@code architecture} on {@code reducerJobId}'s codes. Names with
     * '-' are refused when a request is validated; a plan stored before that rule keeps its old ids.
     */
    public static String classifier(String reducerJobId, String architecture) {
        return reducerJobId + SEPARATOR + architecture;
    }

    /** The reducer job id of a classifier job id ("raw-s2" of "raw-s2-A1"). */
    public static String reducerOf(String classifierJobId) {
        int last = classifierJobId.lastIndexOf(SEPARATOR);
        if (last <= 0) {
            throw new IllegalArgumentException("'" + classifierJobId + "' is no classifier job id (<reducer job>-<architecture>)");
        }
        return classifierJobId.substring(0, last);
    }
}
