package io.latentlab.control.security;

import io.latentlab.store.secrets.SecretPolicy;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks a bearer token against the configured write token and the optional read token. Both are
 * compared as SHA-256 digests with {@link MessageDigest#isEqual} (constant time, and no length leak).
 * A token that matches neither fails authentication (401).
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    static final String WRITER_PRINCIPAL = "api-writer";
    static final String READER_PRINCIPAL = "api-reader";

    private final byte[] writerDigest;
    private final byte[] readerDigest;

    public ApiTokenIdentityProvider(ApiTokenConfig config) {
        this.writerDigest = config.token().map(ApiTokenIdentityProvider::digest).orElse(null);
        this.readerDigest = config.readToken().map(ApiTokenIdentityProvider::digest).orElse(null);
    }

    /**
     * Refuses to start without a usable write token: a deployment must not run with an open or guessable API
     * (the shared SecretPolicy: no placeholder of .env.example, no short or well-known token outside local/dev/test).
     */
    void check(@Observes StartupEvent startup, ApiTokenConfig config, SecretPolicy policy) {
        check(config, policy);
    }

    static void check(ApiTokenConfig config, SecretPolicy policy) {
        String token = config.token().map(String::strip).orElse("");
        if (token.isEmpty()) {
            throw new IllegalStateException("no API token: set LATENTLAB_API_TOKEN (latentlab.api.token) to a secret "
                    + "of at least " + policy.minLength() + " characters, e.g. $(openssl rand -hex 32); "
                    + "Kubernetes: the Secret latentlab-api-token, docker-compose: .env, ./latentlab up: .latentlab/token");
        }
        policy.check("LATENTLAB_API_TOKEN", "latentlab.api.token", token);
        Optional<String> read = config.readToken().map(String::strip).filter(t -> !t.isEmpty());
        if (read.isPresent()) {
            policy.check("LATENTLAB_API_READ_TOKEN", "latentlab.api.read-token", read.get());
        }
        if (read.isPresent() && read.get().equals(token)) {
            throw new IllegalStateException("LATENTLAB_API_READ_TOKEN must differ from LATENTLAB_API_TOKEN");
        }
    }

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        byte[] presented = digest(request.token());
        if (writerDigest != null && MessageDigest.isEqual(presented, writerDigest)) {
            return Uni.createFrom().item(identity(WRITER_PRINCIPAL, ApiRoles.WRITER, ApiRoles.READER));
        }
        if (readerDigest != null && MessageDigest.isEqual(presented, readerDigest)) {
            return Uni.createFrom().item(identity(READER_PRINCIPAL, ApiRoles.READER));
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("unknown API token"));
    }

    private static SecurityIdentity identity(String principal, String... roles) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal));
        for (String role : roles) {
            builder.addRole(role);
        }
        return builder.build();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.strip().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
