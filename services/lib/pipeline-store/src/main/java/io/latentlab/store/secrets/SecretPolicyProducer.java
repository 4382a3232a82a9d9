package io.latentlab.store.secrets;

import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** The one SecretPolicy of a service: the configured minimum length, relaxed in the local, dev and test profiles. */
public class SecretPolicyProducer {

    @Produces
    @Singleton
    SecretPolicy secretPolicy(SecretsConfig config) {
        return new SecretPolicy(config.minLength(), ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles());
    }
}
