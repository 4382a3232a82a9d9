package io.latentlab.kit.store;

/** No object at the requested key. */
public final class ArtifactNotFoundException extends ArtifactStoreException {

    public ArtifactNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
