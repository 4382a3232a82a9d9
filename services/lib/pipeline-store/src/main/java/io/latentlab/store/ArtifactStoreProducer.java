package io.latentlab.store;

import io.latentlab.kit.store.ArtifactStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(StoreConfig config) {
        // the bucket is the deployment's to create (compose's minio-init, the k8s Job minio-init, the local stack):
        // the services' S3 user may only read and write objects in it (docs/security.md)
        return new ArtifactStore(config.endpoint(), config.accessKey(), config.secretKey(), config.bucket());
    }

    void close(@Disposes ArtifactStore store) {
        store.close();
    }
}
