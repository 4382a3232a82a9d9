package io.latentlab.store.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretPolicyTest {

    private static final SecretPolicy PROD = new SecretPolicy(16, List.of("prod"));
    private static final SecretPolicy LOCAL = new SecretPolicy(16, List.of("local"));
    private static final String STRONG = "3f9c2a7be41d08c65a1e";

    @Test
    void everyPlaceholderOfEnvExampleIsRefusedInEveryProfileNamingItsVariable() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        envExample().forEach((variable, value) -> {
            if (variable.matches(".*(PASSWORD|SECRET_KEY|TOKEN)")) {
                secrets.put(variable, value);
            }
        });
        assertThat(secrets).containsKeys("LATENTLAB_S3_SECRET_KEY", "LATENTLAB_S3_READER_SECRET_KEY", "LATENTLAB_API_TOKEN");
        secrets.forEach((variable, placeholder) -> {
            for (SecretPolicy policy : List.of(PROD, LOCAL, new SecretPolicy(16, List.of("test")))) {
                assertThatThrownBy(() -> policy.check(variable, "some.property", placeholder))
                        .as("%s=%s", variable, placeholder)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith(variable + " (some.property) is the placeholder of .env.example")
                        .hasMessageNotContaining(placeholder);
            }
        });
    }

    @Test
    void aShortSecretIsRefusedOutsideTheRelaxedProfilesWithTheLimitAndItsLength() {
        assertThatThrownBy(() -> PROD.check("LATENTLAB_S3_SECRET_KEY", "latentlab.s3.secret-key", "hunter2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LATENTLAB_S3_SECRET_KEY (latentlab.s3.secret-key) is 7 characters long: use at least 16"
                        + " (latentlab.secrets.min-length)");
        assertThatCode(() -> LOCAL.check("LATENTLAB_S3_SECRET_KEY", "latentlab.s3.secret-key", "hunter2"))
                .doesNotThrowAnyException();
        // the limit is the configured one
        assertThatCode(() -> new SecretPolicy(7, List.of("prod")).check("V", "p", "hunter2")).doesNotThrowAnyException();
    }

    @Test
    void anEmptySecretIsRefusedEverywhere() {
        for (SecretPolicy policy : List.of(PROD, LOCAL)) {
            assertThatThrownBy(() -> policy.check("LATENTLAB_API_TOKEN", "latentlab.api.token", "  "))
                    .hasMessageStartingWith("LATENTLAB_API_TOKEN (latentlab.api.token) is empty");
            assertThatThrownBy(() -> policy.check("LATENTLAB_API_TOKEN", "latentlab.api.token", null))
                    .hasMessageContaining("is empty");
        }
    }

    @Test
    void everyDevAndTestSecretOfTheServicesIsRefusedOutsideTheRelaxedProfiles() throws IOException {
        int seen = 0;
        try (Stream<Path> services = Files.list(repoRoot().resolve("services"))) {
            for (Path service : services.toList()) {
                Path file = service.resolve("src/main/resources/application.properties");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Properties properties = new Properties();
                try (var in = Files.newBufferedReader(file)) {
                    properties.load(in);
                }
                for (String key : properties.stringPropertyNames()) {
                    if (key.matches("%(dev|test)\\..*(secret-key|token)")) {
                        String value = properties.getProperty(key);
                        assertThatThrownBy(() -> PROD.check("V", key, value)).as("%s %s", service.getFileName(), key)
                                .isInstanceOf(IllegalStateException.class);
                        assertThatCode(() -> LOCAL.check("V", key, value)).doesNotThrowAnyException();
                        seen++;
                    }
                }
            }
        }
        assertThat(seen).as("dev/test secrets found in the services' application.properties").isGreaterThan(10);
        // the local stack's S3 key (./latentlab, LocalStackMain) is 16 characters long: refused by name
        assertThatThrownBy(() -> PROD.check("LATENTLAB_S3_SECRET_KEY", "latentlab.s3.secret-key", "latentlab-secret"))
                .hasMessageContaining("well-known key").hasMessageContaining("local/dev/test");
    }

    @Test
    void aStrongSecretPassesEverywhere() {
        for (SecretPolicy policy : List.of(PROD, LOCAL)) {
            assertThatCode(() -> policy.check("LATENTLAB_S3_SECRET_KEY", "latentlab.s3.secret-key", STRONG))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aNonPositiveMinimumIsAConfigurationError() {
        assertThatThrownBy(() -> new SecretPolicy(0, List.of("prod"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latentlab.secrets.min-length").hasMessageContaining("0");
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(repoRoot().resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    /** The repository root: the first directory above the module's with .env.example and the launcher script. */
    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(".env.example")) && Files.isRegularFile(p.resolve("latentlab"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
