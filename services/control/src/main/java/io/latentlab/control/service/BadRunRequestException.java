package io.latentlab.control.service;

/** A submitted body that is not a run request, or one whose run id cannot be used. */
public class BadRunRequestException extends RuntimeException {
    public BadRunRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
