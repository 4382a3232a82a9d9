package io.latentlab.control.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The control API's credentials and read policy ({@code latentlab.api.*}; env {@code LATENTLAB_API_TOKEN},
 * {@code LATENTLAB_API_READ_TOKEN}, {@code LATENTLAB_API_OPEN_READS}).
 */
@ConfigMapping(prefix = "latentlab.api")
public interface ApiTokenConfig {

    /**
     * The bearer token that may start, cancel and retry runs. Required: the service does not start without it, nor
     * with one the shared SecretPolicy refuses (shorter than latentlab.secrets.min-length, 16 by default).
     */
    Optional<String> token();

    /** An optional read-only token: reads when they are closed, and a 403 (not a 401) on the mutating endpoints. */
    Optional<String> readToken();

    /** True (the default): GET /api/** answers without a token. False: the read or the write token is needed. */
    @WithDefault("true")
    boolean openReads();
}
