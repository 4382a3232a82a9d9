package io.latentlab.kit.store;

/**
 * An S3 call of the artifact store failed; the message names the bucket/key. {@link #isTransient()}
 * tells an outage (connection refused, timeout, a 5xx answer), worth retrying, from a refusal.
 */
public class ArtifactStoreException extends RuntimeException {

    private final boolean transientFailure;

    public ArtifactStoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public ArtifactStoreException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** True when the store could not be reached or answered 5xx: the same call may succeed later. */
    public boolean isTransient() {
        return transientFailure;
    }
}
