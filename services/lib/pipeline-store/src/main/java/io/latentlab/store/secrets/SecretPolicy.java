package io.latentlab.store.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which secrets a service may start with (docs/security.md). Always refused: an empty secret and the
 * placeholders of {@code .env.example} (every {@code change-me} value: {@code cp .env.example .env} must not give
 * a deployment with public credentials). Outside the {@link #RELAXED_PROFILES} also refused: a secret shorter
 * than the minimum length, and the well-known keys of the local stack and of the dev and test profiles.
 * A refusal is an {@link IllegalStateException} that names the variable and the rule, never the value.
 */
public final class SecretPolicy {

    /** The profiles of a developer's machine, whose keys are public and short on purpose (tests, ./latentlab up). */
    public static final Set<String> RELAXED_PROFILES = Set.of("local", "dev", "test");
    /** Every placeholder of .env.example has this in it (SecretPolicyTest checks the file). */
    static final String PLACEHOLDER_MARK = "change-me";
    /**
     * The keys committed in the services' application.properties for %dev and %test, and the local stack's S3 key
     * (./latentlab, LocalStackMain): fine on loopback, public everywhere else.
     */
    static final Set<String> WELL_KNOWN = Set.of("latentlab-secret", "test-secret",
            "dev-api-token-not-secret-0123456789", "test-api-token-not-secret-0123456789",
            "test-read-token-not-secret-0123456789");

    private final int minLength;
    private final boolean relaxed;

    /**
     * @param minLength      the shortest secret accepted outside the relaxed profiles
     * @param activeProfiles the application's profiles: any of {@link #RELAXED_PROFILES} relaxes the policy
     */
    public SecretPolicy(int minLength, List<String> activeProfiles) {
        if (minLength < 1) {
            throw new IllegalArgumentException("latentlab.secrets.min-length must be positive, got " + minLength);
        }
        this.minLength = minLength;
        this.relaxed = activeProfiles.stream().anyMatch(RELAXED_PROFILES::contains);
    }

    public int minLength() {
        return minLength;
    }

    /**
     * @param variable the environment variable that sets it (LATENTLAB_S3_SECRET_KEY), named in a refusal
     * @param property the configuration property it ends up in (latentlab.s3.secret-key)
     * @throws IllegalStateException if the secret may not be used; the message says which variable and why
     */
    public void check(String variable, String property, String secret) {
        String what = variable + " (" + property + ")";
        String value = secret == null ? "" : secret.strip();
        if (value.isEmpty()) {
            throw new IllegalStateException(what + " is empty: set a secret of at least " + minLength
                    + " characters, e.g. $(openssl rand -hex 24)");
        }
        if (value.toLowerCase(Locale.ROOT).contains(PLACEHOLDER_MARK)) {
            throw new IllegalStateException(what + " is the placeholder of .env.example: set a secret of your own, "
                    + "e.g. $(openssl rand -hex 24)");
        }
        if (relaxed) {
            return;
        }
        if (WELL_KNOWN.contains(value)) {
            throw new IllegalStateException(what + " is a well-known key of the local stack or the dev/test profiles, "
                    + "refused outside the local/dev/test profiles: set a secret of your own, e.g. $(openssl rand -hex 24)");
        }
        if (value.length() < minLength) {
            throw new IllegalStateException(what + " is " + value.length() + " characters long: use at least "
                    + minLength + " (latentlab.secrets.min-length)");
        }
    }
}
