package io.latentlab.control.service;

import io.latentlab.kit.store.ArtifactStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The control service only reads the store: it does not create the bucket (the stages and the stack do). */
public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(StoreConfig config) {
        return new ArtifactStore(config.endpoint(), config.accessKey(), config.secretKey(), config.bucket());
    }

    void close(@Disposes ArtifactStore store) {
        store.close();
    }
}
