package io.latentlab.dataprep.service;

/** The source data is not where the stage expects it: the run fails with this message. */
public class MissingDatasetException extends RuntimeException {
    public MissingDatasetException(String message) {
        super(message);
    }
}
