package io.latentlab.control.service;

/** The model server cannot be reached (503). */
public class ModelServerUnavailableException extends RuntimeException {
    public ModelServerUnavailableException(String message) {
        super(message);
    }
}
