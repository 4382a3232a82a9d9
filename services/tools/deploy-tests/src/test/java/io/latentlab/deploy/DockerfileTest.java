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
            // the base is a build argument whose default is the UBI image (deploy/containers passes a Debian one)
            List<String> from = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
            assertThat(from).as(service).containsExactly("FROM ${BASE_IMAGE}");
            assertThat(dockerfile.lines().filter(l -> l.startsWith("ARG BASE_IMAGE=")).toList()).as(service).singleElement()
                    .asString().matches("ARG BASE_IMAGE=registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:[0-9][0-9.\\-]*");
            assertThat(dockerfile.indexOf("ARG BASE_IMAGE=")).as(service).isLessThan(dockerfile.indexOf("FROM "));
            assertThat(dockerfile).as(service)
                    .contains("COPY --chown=185 services/" + service + "/target/quarkus-app/lib/ /deployments/lib/")
                    .contains("COPY --chown=185 services/" + service + "/target/quarkus-app/app/ /deployments/app/")
                    .contains("COPY --chown=185 services/" + service + "/target/quarkus-app/quarkus/ /deployments/quarkus/")
                    .contains("COPY --chown=185 --chmod=0755 deploy/docker/cpu-entrypoint.sh /deployments/cpu-entrypoint.sh")
                    .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")
                    .contains("-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp")
                    .contains("VOLUME [\"/tmp\"]")
                    .contains("ENV XDG_CACHE_HOME=/tmp/.cache")
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
                // nproc obeys OMP_NUM_THREADS, which compose and Kubernetes set to 1
                .contains("env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc")
                .contains("RUN_JAVA=/opt/jboss/container/java/run/run-java.sh", "exec \"$RUN_JAVA\" \"$@\"")
                // a base without run-java.sh: the same contract by hand
                .contains("exec java ${JAVA_OPTS:-", "-XX:MaxRAMPercentage=${JAVA_MAX_MEM_RATIO:-80}", "$JAVA_OPTS_APPEND", "-jar \"${JAVA_APP_JAR:-/deployments/quarkus-run.jar}\" \"$@\"");
        assertThat(Repo.path("deploy/docker/cpu-entrypoint.sh")).isExecutable();
    }
}
