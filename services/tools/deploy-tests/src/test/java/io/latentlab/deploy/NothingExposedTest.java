package io.latentlab.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.latentlab.deploy.K8sSecurityTest.secretsOf;
import static io.latentlab.deploy.Manifests.name;
import static io.latentlab.deploy.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md, nothing exposed by default: docker-compose publishes on loopback only (Kafka's host listener
 * whatever LATENTLAB_BIND says), .env.example's placeholders stop the deployment, control and the model server
 * read S3 as a user that cannot write, and the Kubernetes ingress serves the API and the dashboard over TLS only.
 */
class NothingExposedTest {

    static final String READER_POLICY = "latentlab-readonly";
    static final Set<String> READ_ACTIONS = Set.of("s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject");
    static final List<String> READERS = List.of("control", "model-server");
    static final String DASHBOARD_FILES = "services/control/src/main/resources/META-INF/resources";

    // ------------------------------------------------------------------ docker-compose: host ports

    @Test
    void everyPublishedPortIsOnLoopbackByDefault() {
        Map<String, Object> services = compose(Repo.path(".env.example"));
        int published = 0;
        for (Map.Entry<String, Object> service : services.entrySet()) {
            for (PublishedPort port : PublishedPort.of(service.getValue())) {
                assertThat(port.hostIp()).as("compose %s publishes %s", service.getKey(), port).isEqualTo("127.0.0.1");
                published++;
            }
        }
        assertThat(published).as("published ports (dashboard, Kafka, MinIO x2, Prometheus, Grafana)").isEqualTo(6);
    }

    @Test
    void latentlabBindSharesThePortsButKafkasHostListenerStaysOnLoopback() throws IOException {
        Path env = Files.createTempFile("latentlab-bind", ".env");
        try {
            Files.writeString(env, Repo.read(".env.example") + "\nLATENTLAB_BIND=192.0.2.7\n");
            Map<String, Object> services = compose(env);
            for (String shared : List.of("control", "minio", "prometheus", "grafana")) {
                assertThat(PublishedPort.of(services.get(shared))).as(shared).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.hostIp()).as("%s %s", shared, p).isEqualTo("192.0.2.7"));
            }
            // the broker's listeners authenticate no one: only the host listener is published, on loopback
            assertThat(PublishedPort.of(services.get("kafka"))).singleElement().satisfies(p -> {
                assertThat(p.hostIp()).isEqualTo("127.0.0.1");
                assertThat(p.target()).isEqualTo(29092);
            });
            assertThat(String.valueOf(Yaml.at(services.get("kafka"), "environment.KAFKA_LISTENERS")))
                    .contains("PLAINTEXT://:9092", "HOST://:29092");
            // the stages and the model server are reached on the compose network only
            Repo.services().stream().filter(s -> !s.equals("control")).forEach(s ->
                    assertThat(PublishedPort.of(services.get(s))).as("%s publishes a port", s).isEmpty());
        } finally {
            Files.deleteIfExists(env);
        }
    }

    // ------------------------------------------------------------------ placeholders and weak secrets

    @Test
    void minioInitAndGrafanaStopOnThePlaceholdersOfEnvExampleAndOnShortSecrets() throws Exception {
        Map<String, String> example = envExample();
        Map<String, Object> services = compose(Repo.path(".env.example"));
        String minioInit = secretChecks(unescape(script(services.get("minio-init"), "command")));
        Map<String, String> strong = new LinkedHashMap<>(example);
        strong.replaceAll((k, v) -> k.matches(".*(PASSWORD|SECRET_KEY)") ? "0123456789abcdef0123" : v);
        assertThat(sh(minioInit, strong)).as("strong secrets").isEqualTo("ok");
        for (String variable : List.of("MINIO_ROOT_PASSWORD", "LATENTLAB_S3_SECRET_KEY", "LATENTLAB_S3_READER_SECRET_KEY")) {
            Map<String, String> placeholder = new LinkedHashMap<>(strong);
            placeholder.put(variable, example.get(variable));
            assertThat(sh(minioInit, placeholder)).as(variable).contains(variable, "placeholder").doesNotEndWith("ok");
            Map<String, String> shortSecret = new LinkedHashMap<>(strong);
            shortSecret.put(variable, "secret");
            assertThat(sh(minioInit, shortSecret)).as(variable).contains(variable + " is 6 characters long: use at least 16");
        }
        String grafana = unescape(script(services.get("grafana"), "command")).replace("exec /run.sh", "echo ok");
        assertThat(sh(grafana, Map.of("GF_SECURITY_ADMIN_PASSWORD", example.get("GRAFANA_ADMIN_PASSWORD"))))
                .contains("GRAFANA_ADMIN_PASSWORD is the placeholder");
        assertThat(sh(grafana, Map.of("GF_SECURITY_ADMIN_PASSWORD", "0123456789abcdef"))).isEqualTo("ok");
        // every secret of .env.example is checked by someone: minio-init, Grafana, or the services (SecretPolicyTest)
        Set<String> secrets = example.keySet().stream().filter(k -> k.matches(".*(PASSWORD|SECRET_KEY|TOKEN)"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(secrets).containsExactlyInAnyOrder("MINIO_ROOT_PASSWORD", "LATENTLAB_S3_SECRET_KEY",
                "LATENTLAB_S3_READER_SECRET_KEY", "LATENTLAB_API_TOKEN", "GRAFANA_ADMIN_PASSWORD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theKubernetesMinioInitStopsOnPlaceholdersAndShortSecrets(String overlay) throws Exception {
        Object init = Yaml.list(podSpec(Manifests.of(overlay).find("Job", "minio-init").orElseThrow()), "containers").get(0);
        String checks = secretChecks(script(init, "args"));
        Map<String, String> strong = Map.of("MINIO_ROOT_PASSWORD", "0123456789abcdef0", "LATENTLAB_S3_SECRET_KEY",
                "0123456789abcdef1", "LATENTLAB_S3_READER_SECRET_KEY", "0123456789abcdef2");
        assertThat(sh(checks, strong)).isEqualTo("ok");
        Map<String, String> placeholder = new LinkedHashMap<>(strong);
        placeholder.put("LATENTLAB_S3_READER_SECRET_KEY", envExample().get("LATENTLAB_S3_READER_SECRET_KEY"));
        assertThat(sh(checks, placeholder)).contains("LATENTLAB_S3_READER_SECRET_KEY is a placeholder");
    }

    // ------------------------------------------------------------------ the read-only S3 user

    @Test
    void composeGivesControlAndTheModelServerTheReaderUserAndTheStagesTheWriter() {
        Map<String, String> example = envExample();
        Map<String, Object> services = compose(Repo.path(".env.example"));
        assertThat(example.get("LATENTLAB_S3_READER_ACCESS_KEY")).isNotEqualTo(example.get("LATENTLAB_S3_ACCESS_KEY"));
        for (String service : Repo.services()) {
            Map<String, Object> env = Yaml.map(services.get(service), "environment");
            String user = READERS.contains(service) ? "LATENTLAB_S3_READER_" : "LATENTLAB_S3_";
            assertThat(env).as("compose %s", service)
                    .containsEntry("LATENTLAB_S3_ACCESS_KEY", example.get(user + "ACCESS_KEY"))
                    .containsEntry("LATENTLAB_S3_SECRET_KEY", example.get(user + "SECRET_KEY"));
        }
        checkReaderPolicy("compose minio-init", unescape(script(services.get("minio-init"), "command")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kubernetesGivesControlAndTheModelServerOnlyTheReaderSecret(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : Repo.services()) {
            Set<String> secrets = secretsOf(podSpec(m.find("Deployment", service).orElseThrow()));
            boolean reader = READERS.contains(service);
            assertThat(secrets).as("%s: Secrets of %s", overlay, service)
                    .contains(reader ? "latentlab-s3-reader" : "latentlab-s3")
                    .doesNotContain(reader ? "latentlab-s3" : "latentlab-s3-reader");
        }
        Object init = Yaml.list(podSpec(m.find("Job", "minio-init").orElseThrow()), "containers").get(0);
        assertThat(Yaml.string(K8sSecurityTest.env(init, "LATENTLAB_S3_READER_SECRET_KEY"), "valueFrom.secretKeyRef.name"))
                .isEqualTo("latentlab-s3-reader");
        checkReaderPolicy(overlay + ": minio-init", script(init, "args"));
    }

    // ------------------------------------------------------------------ the ingress

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressServesOnlyTheApiAndTheDashboardAndOnlyOverTls(String overlay) throws IOException {
        Map<String, Object> ingress = Manifests.of(overlay).find("Ingress", "control").orElseThrow();
        List<Object> tls = Yaml.list(ingress, "spec.tls");
        assertThat(tls).as(overlay + ": spec.tls").isNotEmpty()
                .allSatisfy(t -> assertThat(Yaml.string(t, "secretName")).isEqualTo("latentlab-tls"));
        Set<String> tlsHosts = tls.stream().flatMap(t -> Yaml.list(t, "hosts").stream()).map(String::valueOf)
                .collect(Collectors.toSet());
        assertThat(Yaml.map(ingress, "metadata.annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/ssl-redirect", "true")
                .containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
        Set<String> expected = new TreeSet<>(Set.of("Prefix /api", "Exact /"));
        try (Stream<Path> files = Files.list(Repo.path(DASHBOARD_FILES))) {
            files.forEach(f -> expected.add("Exact /" + f.getFileName()));
        }
        for (Object rule : Yaml.list(ingress, "spec.rules")) {
            // a rule without a host would answer every name, without the certificate
            assertThat(Yaml.string(rule, "host")).as(overlay + ": rule host").isNotNull().isIn(tlsHosts);
            Set<String> routed = new TreeSet<>();
            for (Object path : Yaml.list(rule, "http.paths")) {
                assertThat(Yaml.string(path, "path")).as(overlay + ": a routed path").doesNotStartWith("/q");
                assertThat(Yaml.string(path, "backend.service.name")).isEqualTo("control");
                routed.add(Yaml.string(path, "pathType") + " " + Yaml.string(path, "path"));
            }
            assertThat(routed).as(overlay + ": the paths of " + name(ingress)).isEqualTo(expected);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The read-only policy's JSON in an init script: only reads, on the bucket, attached to the reader user. */
    private static void checkReaderPolicy(String what, String script) {
        String start = "cat >/tmp/" + READER_POLICY + ".json <<'POLICY'\n";
        assertThat(script).as(what).contains(start);
        String json = script.substring(script.indexOf(start) + start.length(), script.indexOf("\nPOLICY", script.indexOf(start)));
        Map<String, Object> policy = Yaml.document(json); // JSON is YAML
        Set<String> actions = new TreeSet<>();
        for (Object statement : Yaml.list(policy, "Statement")) {
            assertThat(Yaml.string(statement, "Effect")).isEqualTo("Allow");
            Yaml.list(statement, "Action").forEach(a -> actions.add(String.valueOf(a)));
            assertThat(Yaml.list(statement, "Resource")).allSatisfy(r -> assertThat(String.valueOf(r))
                    .isIn("arn:aws:s3:::latentlab", "arn:aws:s3:::latentlab/*"));
        }
        assertThat(actions).as(what + ": actions of " + READER_POLICY).isEqualTo(READ_ACTIONS);
        assertThat(script).as(what).contains("mc admin policy create root " + READER_POLICY,
                "mc admin user add root \"$LATENTLAB_S3_READER_ACCESS_KEY\" \"$LATENTLAB_S3_READER_SECRET_KEY\"",
                "mc admin policy attach root " + READER_POLICY + " --user \"$LATENTLAB_S3_READER_ACCESS_KEY\"");
    }

    private static Map<String, Object> compose(Path envFile) {
        return Yaml.map(Yaml.document(Tool.run("docker-compose", "docker-compose", "-f", "docker-compose.yml",
                "--env-file", envFile.toAbsolutePath().toString(), "config")), "services");
    }

    /** KEY=VALUE lines of .env.example, commented ones left out. */
    static Map<String, String> envExample() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Repo.read(".env.example").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static String script(Object container, String key) {
        return Yaml.list(container, key).stream().map(String::valueOf).collect(Collectors.joining("\n"));
    }

    /** compose escapes the shell's $ as $$. */
    private static String unescape(String composeScript) {
        return composeScript.replace("$$", "$");
    }

    /** The script up to its first mc command: the checks of the secrets, then "ok". */
    private static String secretChecks(String script) {
        assertThat(script).contains("refuse_weak", "mc alias set");
        return script.substring(0, script.indexOf("mc alias set")) + "\necho ok\n";
    }

    /** Runs a POSIX shell script with exactly this environment; its output (stdout and stderr), stripped. */
    private static String sh(String script, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "--posix", "-c", script).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
