package io.latentlab.control.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token presented in {@code Authorization: Bearer <token>}, for {@link ApiTokenIdentityProvider}. */
public final class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
