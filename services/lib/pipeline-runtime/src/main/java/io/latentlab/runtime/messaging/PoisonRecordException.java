package io.latentlab.runtime.messaging;

/**
 * A record a stage gives up ({@link RecordAttempts}): thrown from the listener, it sends the record to the dead
 * letters with this message as its {@code dead-letter-reason} header, and the consumer carries on.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
