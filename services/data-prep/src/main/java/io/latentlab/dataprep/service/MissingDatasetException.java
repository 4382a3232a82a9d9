package io.latentlab.dataprep.service;

/**
 * The source data is not where the stage expects it, or is not what its manifest says (a file missing, of another
 * size or sha256, not IDX): the run fails with this message, which names the dataset and the file.
 */
public class MissingDatasetException extends RuntimeException {
    public MissingDatasetException(String message) {
        super(message);
    }
}
