package io.latentlab.store.secrets;

import io.latentlab.store.StoreConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every service reads S3 with latentlab.s3.secret-key: one that SecretPolicy refuses (a placeholder of
 * .env.example, a short or well-known key outside the local/dev/test profiles) stops the service at start-up,
 * with a message that names LATENTLAB_S3_SECRET_KEY.
 */
@ApplicationScoped
public class S3SecretCheck {

    void check(@Observes StartupEvent startup, StoreConfig store, SecretPolicy policy) {
        policy.check("LATENTLAB_S3_SECRET_KEY", "latentlab.s3.secret-key", store.secretKey());
    }
}
