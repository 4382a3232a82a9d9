package io.latentlab.deploy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml as docker-compose itself resolves it (with .env.example), then checked service by service. */
class ComposeFileTest {

    static final Set<String> REQUIRED_ENV = Set.of("KAFKA_BOOTSTRAP_SERVERS", "LATENTLAB_S3_ENDPOINT",
            "LATENTLAB_S3_ACCESS_KEY", "LATENTLAB_S3_SECRET_KEY", "OMP_NUM_THREADS", "LATENTLAB_WORKERS");
    /** A service without Kafka (the model server) needs the object store only. */
    static final Set<String> S3_ENV = Set.of("LATENTLAB_S3_ENDPOINT", "LATENTLAB_S3_ACCESS_KEY", "LATENTLAB_S3_SECRET_KEY",
            "OMP_NUM_THREADS");

    static Map<String, Object> services;

    @BeforeAll
    static void render() {
        Map<String, Object> compose = Yaml.document(Tool.run("docker-compose",
                "docker-compose", "-f", "docker-compose.yml", "--env-file", ".env.example", "config"));
        services = Yaml.map(compose, "services");
    }

    @Test
    void everyServiceIsBuiltFromItsDockerfileWithAPinnedImageName() {
        for (String service : Repo.services()) {
            Object s = services.get(service);
            assertThat(s).as("compose service %s", service).isNotNull();
            assertThat(Yaml.string(s, "image")).isEqualTo("latentlab/" + service + ":0.1.0");
            // the repository root: every image copies the one shared deploy/docker/cpu-entrypoint.sh
            assertThat(Yaml.string(s, "build.dockerfile")).isEqualTo("services/" + service + "/src/main/docker/Dockerfile.jvm");
            assertThat(Repo.path(Yaml.string(s, "build.dockerfile"))).isRegularFile();
        }
    }

    @Test
    void everyServiceGetsItsEnvironmentAndReadsIt() {
        for (String service : Repo.services()) {
            Map<String, Object> env = Yaml.map(services.get(service), "environment");
            boolean kafka = Repo.kafkaServices().contains(service);
            assertThat(env.keySet()).as("env of %s", service).containsAll(kafka ? REQUIRED_ENV : S3_ENV);
            ServiceConfig config = ServiceConfig.of(service);
            env.keySet().forEach(k -> assertThat(config.reads(k)).as("%s reads %s", service, k).isTrue());
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(kafka ? "kafka:9092" : null);
            assertThat(env.get("LATENTLAB_S3_ENDPOINT")).isEqualTo("http://minio:9000");
        }
        // the draw page's predictions go through control to the model server
        assertThat(Yaml.map(services.get("control"), "environment"))
                .containsEntry("LATENTLAB_MODEL_SERVER_URL", "http://model-server:8080");
    }

    @Test
    void everyServiceIsHealthcheckedOnReadinessAndWaitsForTopicsAndBucket() {
        for (String service : Repo.services()) {
            Object s = services.get(service);
            assertThat(String.join(" ", Yaml.list(s, "healthcheck.test").stream().map(String::valueOf).toList()))
                    .as("healthcheck of %s", service).contains("/q/health/ready");
            assertThat(Yaml.string(s, "depends_on.kafka-init.condition")).as(service)
                    .isEqualTo(Repo.kafkaServices().contains(service) ? "service_completed_successfully" : null);
            assertThat(Yaml.string(s, "depends_on.minio-init.condition")).as(service).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void everyServiceRunsAsKubernetesRunsIt() {
        for (String service : Repo.services()) {
            Object s = services.get(service);
            // readOnlyRootFilesystem, capabilities drop ALL, allowPrivilegeEscalation false; /tmp an emptyDir
            assertThat(Yaml.at(s, "read_only")).as("%s read_only", service).isEqualTo(true);
            assertThat(Yaml.list(s, "cap_drop")).as("%s cap_drop", service).containsExactly("ALL");
            assertThat(Yaml.list(s, "security_opt")).as("%s security_opt", service).contains("no-new-privileges:true");
            assertThat(Yaml.list(s, "volumes")).as("%s volumes", service).contains("/tmp");
        }
    }

    @Test
    void hostToolsReachKafkaOnThePortItAdvertises() {
        Map<String, Object> kafkaEnv = Yaml.map(services.get("kafka"), "environment");
        PublishedPort published = PublishedPort.of(services.get("kafka")).stream()
                .filter(p -> p.target() == 29092).findFirst().orElseThrow();
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")))
                .contains("HOST://localhost:" + published.published());
        // one variable moves both (containers.sh publishes on a free port)
        assertThat(Repo.read("docker-compose.yml"))
                .contains("HOST://localhost:${LATENTLAB_KAFKA_HOST_PORT:-29092}", ":${LATENTLAB_KAFKA_HOST_PORT:-29092}:29092\"");
    }

    @Test
    void everyDependencyExistsWithAConditionThatMatchesIt() {
        services.forEach((name, s) -> Yaml.map(s, "depends_on").forEach((dependency, spec) -> {
            assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency);
            String condition = Yaml.string(spec, "condition");
            assertThat(condition).as("%s -> %s", name, dependency)
                    .isIn("service_healthy", "service_completed_successfully");
            if (condition.equals("service_healthy")) {
                assertThat(Yaml.at(services.get(dependency), "healthcheck")).as("%s has a healthcheck", dependency).isNotNull();
            }
        }));
        // long-running containers all have a healthcheck; one-off jobs do not restart
        services.forEach((name, s) -> {
            if ("no".equals(Yaml.string(s, "restart"))) {
                return;
            }
            assertThat(Yaml.at(s, "healthcheck")).as("healthcheck of %s", name).isNotNull();
        });
    }

    @Test
    void everyImageIsPinned() {
        services.forEach((name, s) -> {
            String image = Yaml.string(s, "image");
            assertThat(image).as(name).isNotNull();
            String last = image.substring(image.lastIndexOf('/') + 1);
            assertThat(last).as(name + " image " + image).contains(":").doesNotEndWith(":latest");
        });
    }

    @Test
    void kafkaIsKraftAndTheInitJobCreatesEveryTopic() {
        Map<String, Object> kafkaEnv = Yaml.map(services.get("kafka"), "environment");
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_PROCESS_ROLES"))).contains("broker").contains("controller");
        String init = String.join("\n", Yaml.list(services.get("kafka-init"), "command").stream().map(String::valueOf).toList());
        assertThat(init).contains("kafka-topics.sh").contains("--partitions 4");
        TopicNames.all().values().forEach(topic -> assertThat(init).as("kafka-init creates %s", topic).contains(topic));
    }

    @Test
    void theBucketAndMnistAreStagedBeforeDataPrep() {
        assertThat(String.join(" ", Yaml.list(services.get("minio-init"), "command").stream().map(String::valueOf).toList()))
                .contains("mc mb").contains("latentlab");
        assertThat(String.join(" ", Yaml.list(services.get("stage-mnist"), "command").stream().map(String::valueOf).toList()))
                .contains("stage-mnist").contains("--mnist-dir /mnist");
        assertThat(Yaml.string(services.get("data-prep"), "depends_on.stage-mnist.condition")).isEqualTo("service_completed_successfully");
    }

    @Test
    void secretsComeFromTheUncommittedEnvFile() throws Exception {
        String raw = Repo.read("docker-compose.yml");
        // no placeholder value (the init scripts only match "*change-me*" to refuse them)
        assertThat(raw).contains("${LATENTLAB_S3_SECRET_KEY").doesNotContain("change-me-");
        assertThat(Files.readAllLines(Repo.path(".gitignore"))).contains(".env");
        assertThat(Repo.read(".env.example")).contains("LATENTLAB_S3_ACCESS_KEY=", "LATENTLAB_S3_SECRET_KEY=");
    }

    @Test
    void prometheusScrapesEveryServiceAndGrafanaIsProvisioned() {
        Map<String, Object> prometheus = Yaml.document(Repo.read("deploy/prometheus/prometheus.yml"));
        List<Object> jobs = Yaml.list(prometheus, "scrape_configs");
        List<String> targets = jobs.stream()
                .filter(j -> "/q/metrics".equals(Yaml.string(j, "metrics_path")))
                .flatMap(j -> Yaml.list(j, "static_configs").stream())
                .flatMap(c -> Yaml.list(c, "targets").stream())
                .map(String::valueOf).toList();
        for (String service : Repo.services()) {
            assertThat(targets).as("Prometheus target for %s", service).contains(service + ":8080");
        }
        assertThat(Yaml.list(services.get("prometheus"), "volumes").toString()).contains("deploy/prometheus/prometheus.yml");
        assertThat(Yaml.list(services.get("grafana"), "volumes").toString())
                .contains("deploy/grafana/provisioning").contains("deploy/grafana/dashboards");
        Map<String, Object> datasource = Yaml.document(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(Yaml.list(datasource, "datasources")).anySatisfy(d -> assertThat(Yaml.string(d, "url")).isEqualTo("http://prometheus:9090"));
        Map<String, Object> dashboard = Yaml.document(Repo.read("deploy/grafana/dashboards/latentlab.json")); // JSON is YAML
        assertThat(Yaml.list(dashboard, "panels")).isNotEmpty();
    }
}
