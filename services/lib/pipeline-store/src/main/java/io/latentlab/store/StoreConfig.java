package io.latentlab.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "latentlab.s3")
public interface StoreConfig {
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("latentlab")
    String bucket();
}
