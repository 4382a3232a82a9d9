package io.latentlab.runtime.store;

import io.latentlab.kit.store.ArtifactStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(StoreConfig config) {
        ArtifactStore store = new ArtifactStore(config.endpoint(), config.accessKey(), config.secretKey(), config.bucket());
        store.ensureBucket();
        return store;
    }

    void close(@Disposes ArtifactStore store) {
        store.close();
    }
}
