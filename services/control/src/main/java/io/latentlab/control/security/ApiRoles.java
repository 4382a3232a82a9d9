package io.latentlab.control.security;

/** The roles an API token grants (docs/security.md). */
public final class ApiRoles {

    /** Starts, cancels and retries runs (the token of {@code latentlab.api.token}); reads too. */
    public static final String WRITER = "runs-writer";
    /** Reads runs, reports and artifacts when reads are closed (the token of {@code latentlab.api.read-token}). */
    public static final String READER = "runs-reader";

    private ApiRoles() {
    }
}
