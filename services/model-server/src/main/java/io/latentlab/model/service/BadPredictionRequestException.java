package io.latentlab.model.service;

/** A request the server cannot answer because of what it asks: the image, the options or the run (400). */
public class BadPredictionRequestException extends RuntimeException {
    public BadPredictionRequestException(String message) {
        super(message);
    }
}
