package io.latentlab.kit.store;

/** The stored bytes do not match the size or SHA-256 an {@code ArtifactRef} promised. */
public final class ArtifactIntegrityException extends RuntimeException {

    public ArtifactIntegrityException(String message) {
        super(message);
    }
}
