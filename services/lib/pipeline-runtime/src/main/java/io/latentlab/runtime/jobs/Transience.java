package io.latentlab.runtime.jobs;

import io.latentlab.kit.store.ArtifactStoreException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells an outage from a mistake: S3 or Kafka out of reach, timeouts and 5xx answers may go away if
 * the job is tried again; a checksum mismatch, an invalid config or a bug will not.
 */
public final class Transience {

    private Transience() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // bytes that do not parse are no outage, though their parsers' exceptions extend IOException
            if (t instanceof io.latentlab.kit.codec.MalformedMessageException
                    || t instanceof com.google.protobuf.InvalidProtocolBufferException
                    || t instanceof com.fasterxml.jackson.core.JacksonException
                    || t instanceof java.nio.charset.CharacterCodingException) {
                return false;
            }
            if (t instanceof ArtifactStoreException store) {
                return store.isTransient();
            }
            if (t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof org.apache.kafka.common.errors.DisconnectException
                    || t instanceof TimeoutException
                    || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the thread was told to stop (a shutdown interrupting a call or a wait): says nothing about the
     * job, so it hands the job back rather than failing it.
     */
    public static boolean isInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ArtifactStoreException store && store.isInterrupted()
                    || t instanceof InterruptedException
                    || t instanceof org.apache.kafka.common.errors.InterruptException
                    || t instanceof java.nio.channels.ClosedByInterruptException
                    || t instanceof java.io.InterruptedIOException && "interrupted".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** The message a user reads: the exception's own, or its type when it has none. */
    public static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getName() : message;
    }
}
