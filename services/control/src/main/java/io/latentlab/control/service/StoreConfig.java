package io.latentlab.control.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The same latentlab.s3.* keys as the stages (pipeline-runtime), without pulling the ML core in. */
@ConfigMapping(prefix = "latentlab.s3")
public interface StoreConfig {
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("latentlab")
    String bucket();
}
