package io.latentlab.runtime.jobs;

/**
 * A job gave its message back instead of finishing or failing: the process is shutting down, another instance
 * took its lease, or S3 / Kafka stayed away longer than the retry window. Its checkpoint is kept and nothing
 * fails its run; the listener leaves the message unacknowledged (a shutdown) or runs it again later.
 */
public class JobHandedBackException extends RuntimeException {

    public JobHandedBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
