package io.latentlab.kit.store;

/** An S3 call of the artifact store failed; the message names the bucket/key. */
public class ArtifactStoreException extends RuntimeException {

    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
