package io.latentlab.control.rest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service (target/quarkus-app, the prod profile) refuses to start without its credentials,
 * and says which: no fallback to the local stack's S3 key, no API without a token.
 */
class MissingCredentialsIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void withoutS3CredentialsTheServiceStopsAtStartUp() throws Exception {
        Result result = start(Map.of("LATENTLAB_API_TOKEN", "a-token-that-is-long-enough"));
        assertThat(result.exitCode).as(result.output).isNotZero();
        assertThat(result.output).contains("LATENTLAB_S3_ACCESS_KEY");
    }

    @Test
    void withoutAnApiTokenTheServiceStopsAtStartUp() throws Exception {
        Result result = start(Map.of("LATENTLAB_S3_ACCESS_KEY", "someone", "LATENTLAB_S3_SECRET_KEY", "something-secret"));
        assertThat(result.exitCode).as(result.output).isNotZero();
        assertThat(result.output).contains("no API token").contains("LATENTLAB_API_TOKEN");
    }

    @Test
    void aShortApiTokenIsRefused() throws Exception {
        Result result = start(Map.of("LATENTLAB_S3_ACCESS_KEY", "someone", "LATENTLAB_S3_SECRET_KEY", "something-secret",
                "LATENTLAB_API_TOKEN", "secret"));
        assertThat(result.exitCode).as(result.output).isNotZero();
        assertThat(result.output).contains("at least 16");
    }

    @Test
    void thePlaceholdersOfEnvExampleAreRefusedNamingTheVariable() throws Exception {
        Result token = start(Map.of("LATENTLAB_S3_ACCESS_KEY", "someone", "LATENTLAB_S3_SECRET_KEY", "something-secret",
                "LATENTLAB_API_TOKEN", "change-me-api-token-0123456789"));
        assertThat(token.exitCode).as(token.output).isNotZero();
        assertThat(token.output).contains("LATENTLAB_API_TOKEN (latentlab.api.token) is the placeholder of .env.example");

        Result s3 = start(Map.of("LATENTLAB_S3_ACCESS_KEY", "latentlab-reader",
                "LATENTLAB_S3_SECRET_KEY", "change-me-minio-reader-secret", "LATENTLAB_API_TOKEN", "a-token-that-is-long-enough"));
        assertThat(s3.exitCode).as(s3.output).isNotZero();
        assertThat(s3.output).contains("LATENTLAB_S3_SECRET_KEY (latentlab.s3.secret-key) is the placeholder of .env.example");
    }

    @Test
    void theLocalStacksKeyAndShortSecretsAreRefusedOutsideTheLocalProfile() throws Exception {
        Result wellKnown = start(Map.of("LATENTLAB_S3_ACCESS_KEY", "latentlab", "LATENTLAB_S3_SECRET_KEY", "latentlab-secret",
                "LATENTLAB_API_TOKEN", "a-token-that-is-long-enough"));
        assertThat(wellKnown.exitCode).as(wellKnown.output).isNotZero();
        assertThat(wellKnown.output).contains("LATENTLAB_S3_SECRET_KEY (latentlab.s3.secret-key) is a well-known key");

        Result shortKey = start(Map.of("LATENTLAB_S3_ACCESS_KEY", "someone", "LATENTLAB_S3_SECRET_KEY", "short-secret",
                "LATENTLAB_API_TOKEN", "a-token-that-is-long-enough"));
        assertThat(shortKey.exitCode).as(shortKey.output).isNotZero();
        assertThat(shortKey.output).contains("LATENTLAB_S3_SECRET_KEY (latentlab.s3.secret-key) is 12 characters long: use at least 16");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result start(Map<String, String> env) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged service (failsafe runs after package)").isRegularFile();
        Path log = Files.createTempFile("control-start", ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("LATENTLAB_") || k.startsWith("KAFKA_") || k.startsWith("QUARKUS_"));
        environment.put("QUARKUS_HTTP_PORT", "0");
        // nothing listens there: the start must fail on the missing credential, not on the broker
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        environment.put("LATENTLAB_S3_ENDPOINT", "http://127.0.0.1:1");
        environment.putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(0, "still running after 90 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
