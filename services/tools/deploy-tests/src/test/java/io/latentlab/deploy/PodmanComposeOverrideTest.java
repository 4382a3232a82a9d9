package io.latentlab.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/containers/compose.podman.yml changes docker-compose.yml only where no registry is reachable: the images
 * of Kafka, MinIO and the one-offs, and the base image of the services, under the names containers.sh builds.
 */
class PodmanComposeOverrideTest {

    static final String OVERRIDE = "deploy/containers/compose.podman.yml";
    static final Set<String> STAND_IN_SERVICES = Set.of("kafka", "kafka-init", "minio", "minio-init", "stage-mnist");

    @Test
    void itSwapsOnlyImagesAndTheBaseImageArgument() {
        Map<String, Object> overridden = Yaml.map(Yaml.document(Repo.read(OVERRIDE)), "services");
        for (Map.Entry<String, Object> e : overridden.entrySet()) {
            Map<String, Object> service = Yaml.map(e.getValue(), "");
            if (STAND_IN_SERVICES.contains(e.getKey())) {
                assertThat(service.keySet()).as(e.getKey()).containsExactly("image");
            } else {
                assertThat(Repo.services()).as("a service of the override").contains(e.getKey());
                assertThat(service.keySet()).as(e.getKey()).containsExactly("build");
                assertThat(Yaml.map(service, "build").keySet()).as(e.getKey()).containsExactly("args");
                assertThat(Yaml.map(service, "build.args").keySet()).as(e.getKey()).containsExactly("BASE_IMAGE");
            }
        }
        assertThat(overridden.keySet()).containsAll(STAND_IN_SERVICES).containsAll(Repo.services());
    }

    @Test
    void everythingElseIsDockerComposeYmls() {
        Map<String, Object> plain = render(false);
        Map<String, Object> merged = render(true);
        assertThat(merged.keySet()).isEqualTo(plain.keySet());
        plain.forEach((name, service) -> {
            Map<String, Object> expected = withoutImageAndBuildArgs(service);
            assertThat(withoutImageAndBuildArgs(merged.get(name))).as("compose service %s", name).isEqualTo(expected);
        });
    }

    @Test
    void theImagesAreTheOnesContainersShBuilds() {
        String script = Repo.read("deploy/containers/containers.sh");
        Map<String, Object> overridden = Yaml.map(Yaml.document(Repo.read(OVERRIDE)), "services");
        assertThat(Yaml.string(overridden.get("kafka"), "image")).isEqualTo(assignment(script, "KAFKA_STANDIN"));
        assertThat(Yaml.string(overridden.get("kafka-init"), "image")).isEqualTo(assignment(script, "KAFKA_STANDIN"));
        assertThat(Yaml.string(overridden.get("minio"), "image")).isEqualTo(assignment(script, "MINIO_STANDIN"));
        assertThat(Yaml.string(overridden.get("minio-init"), "image")).isEqualTo(assignment(script, "MINIO_STANDIN"));
        String base = assignment(script, "BASE_IMAGE");
        assertThat(Yaml.string(overridden.get("stage-mnist"), "image")).isEqualTo(base);
        for (String service : Repo.services()) {
            assertThat(Yaml.string(overridden.get(service), "build.args.BASE_IMAGE")).as(service).isEqualTo(base);
        }
    }

    private static Map<String, Object> render(boolean withOverride) {
        String out = withOverride
                ? Tool.run("docker-compose", "docker-compose", "-f", "docker-compose.yml", "-f", OVERRIDE, "--env-file", ".env.example", "config")
                : Tool.run("docker-compose", "docker-compose", "-f", "docker-compose.yml", "--env-file", ".env.example", "config");
        return Yaml.map(Yaml.document(out), "services");
    }

    private static Map<String, Object> withoutImageAndBuildArgs(Object service) {
        Map<String, Object> copy = new LinkedHashMap<>(Yaml.map(service, ""));
        copy.remove("image");
        if (copy.get("build") != null) {
            Map<String, Object> build = new LinkedHashMap<>(Yaml.map(copy.get("build"), ""));
            build.remove("args");
            copy.put("build", build);
        }
        return copy;
    }

    private static String assignment(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(script);
        assertThat(m.find()).as("%s= in containers.sh", name).isTrue();
        return m.group(1);
    }
}
