package io.latentlab.kit.store;

/**
 * An S3 call of the artifact store failed; the message names the bucket/key. {@link #isTransient()}
 * tells an outage (connection refused, timeout, a 5xx answer), worth retrying, from a refusal;
 * {@link #isInterrupted()} a call that its own thread gave up because it was told to stop (a shutdown),
 * which says nothing about the store or the job.
 */
public class ArtifactStoreException extends RuntimeException {

    private final boolean transientFailure;
    private final boolean interrupted;

    public ArtifactStoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public ArtifactStoreException(String message, Throwable cause, boolean transientFailure) {
        this(message, cause, transientFailure, false);
    }

    private ArtifactStoreException(String message, Throwable cause, boolean transientFailure, boolean interrupted) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.interrupted = interrupted;
    }

    /** The call was interrupted (the calling thread's interrupt flag is set again). */
    static ArtifactStoreException interrupted(String message, Throwable cause) {
        return new ArtifactStoreException(message, cause, false, true);
    }

    /** True when the store could not be reached or answered 5xx: the same call may succeed later. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** True when the calling thread was interrupted: neither the store's fault nor the job's. */
    public boolean isInterrupted() {
        return interrupted;
    }
}
