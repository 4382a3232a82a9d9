package io.latentlab.store.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code latentlab.secrets.*}: how strong a secret must be for a service to start (SecretPolicy). */
@ConfigMapping(prefix = "latentlab.secrets")
public interface SecretsConfig {

    /** The shortest secret accepted outside the local, dev and test profiles (env LATENTLAB_SECRETS_MIN_LENGTH). */
    @WithDefault("16")
    int minLength();
}
