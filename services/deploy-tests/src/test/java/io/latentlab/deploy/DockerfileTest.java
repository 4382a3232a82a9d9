package io.latentlab.deploy;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every service's src/main/docker/Dockerfile.jvm follows the Quarkus JVM layout and sizes native threads. */
class DockerfileTest {

    @Test
    void everyServiceHasAQuarkusStyleJvmDockerfile() {
        for (String service : Repo.services()) {
            String dockerfile = Repo.read("services/" + service + "/src/main/docker/Dockerfile.jvm");
            List<String> from = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
            assertThat(from).as(service).hasSize(1);
            assertThat(from.get(0)).as(service).matches("FROM registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:[0-9][0-9.\\-]*");
            assertThat(dockerfile).as(service)
                    .contains("COPY --chown=185 services/" + service + "/target/quarkus-app/lib/ /deployments/lib/")
                    .contains("COPY --chown=185 services/" + service + "/target/quarkus-app/app/ /deployments/app/")
                    .contains("COPY --chown=185 services/" + service + "/target/quarkus-app/quarkus/ /deployments/quarkus/")
                    .contains("COPY --chown=185 --chmod=0755 deploy/docker/cpu-entrypoint.sh /deployments/cpu-entrypoint.sh")
                    .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")
                    .contains("-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp")
                    .contains("VOLUME [\"/tmp\"]")
                    .contains("ENTRYPOINT [ \"/deployments/cpu-entrypoint.sh\" ]");
            List<String> users = dockerfile.lines().filter(l -> l.startsWith("USER ")).toList();
            assertThat(users.get(users.size() - 1)).as("%s runs as", service).isEqualTo("USER 185");
        }
    }

    @Test
    void everyServiceSharesOneCpuEntrypoint() {
        String script = Repo.read("deploy/docker/cpu-entrypoint.sh");
        assertThat(script)
                .contains("export OMP_NUM_THREADS=")
                .contains("export LATENTLAB_WORKERS=")
                .contains("/sys/fs/cgroup/cpu.max")
                .contains("exec /opt/jboss/container/java/run/run-java.sh");
        assertThat(Repo.path("deploy/docker/cpu-entrypoint.sh")).isExecutable();
    }
}
