package io.latentlab.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.latentlab.deploy.Manifests.name;
import static io.latentlab.deploy.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

/** Every service runs as a hardened Deployment with health probes, resources and pinned images. */
class K8sDeploymentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasADeploymentAndAService(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : Repo.services()) {
            assertThat(m.find("Deployment", service)).as("%s: Deployment %s", overlay, service).isPresent();
            Map<String, Object> svc = m.find("Service", service).orElseThrow(
                    () -> new AssertionError(overlay + ": no Service " + service));
            assertThat(Yaml.map(svc, "spec.selector")).as("%s: Service %s selector", overlay, service)
                    .isEqualTo(Yaml.map(m.find("Deployment", service).get(), "spec.selector.matchLabels"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentProbesQuarkusHealthAndHasResourceLimits(String overlay) {
        for (Map<String, Object> d : Manifests.of(overlay).ofKind("Deployment")) {
            for (Object c : Yaml.list(podSpec(d), "containers")) {
                String what = overlay + ": Deployment " + name(d) + " container " + Yaml.string(c, "name");
                assertThat(Yaml.string(c, "livenessProbe.httpGet.path")).as(what + " liveness").isEqualTo("/q/health/live");
                assertThat(Yaml.string(c, "readinessProbe.httpGet.path")).as(what + " readiness").isEqualTo("/q/health/ready");
                assertThat(Yaml.map(c, "resources.limits")).as(what + " limits").containsKeys("cpu", "memory");
                assertThat(Yaml.map(c, "resources.requests")).as(what + " requests").containsKeys("cpu", "memory");
            }
        }
    }

    /**
     * A SIGTERM hands a stage's jobs back within its own deadline ({@code latentlab.shutdown.seconds}); Kubernetes
     * sends SIGKILL when the grace period ends, so the grace period must leave room for the rest of the shutdown.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyStagesGracePeriodExceedsItsOwnShutdownDeadline(String overlay) {
        Manifests m = Manifests.of(overlay);
        int stages = 0;
        for (String service : Repo.services()) {
            String deadline = ServiceConfig.of(service).properties().getProperty("latentlab.shutdown.seconds");
            if (deadline == null) {
                continue;
            }
            stages++;
            Map<String, Object> d = m.find("Deployment", service).orElseThrow();
            int seconds = Integer.parseInt(deadline.replaceAll("^\\$\\{[A-Z_]+:(\\d+)}$", "$1"));
            for (Object c : Yaml.list(podSpec(d), "containers")) {
                for (Object e : Yaml.list(c, "env")) {
                    if ("LATENTLAB_SHUTDOWN_SECONDS".equals(Yaml.string(e, "name")) && Yaml.string(e, "value") != null) {
                        seconds = Integer.parseInt(Yaml.string(e, "value"));
                    }
                }
            }
            Object grace = Yaml.at(podSpec(d), "terminationGracePeriodSeconds");
            int graceSeconds = grace == null ? 30 : ((Number) grace).intValue();
            assertThat(graceSeconds).as("%s: %s's grace period against its shutdown deadline of %d s", overlay, service,
                    seconds).isGreaterThanOrEqualTo(seconds + 10).isLessThanOrEqualTo(30);
        }
        assertThat(stages).as("stages with a shutdown deadline").isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void trainersGetWholeCoresAndRoomForOffHeapMemory(String overlay) {
        for (String trainer : List.of("reducer-trainer", "classifier-trainer")) {
            Map<String, Object> d = Manifests.of(overlay).find("Deployment", trainer).orElseThrow();
            Object c = Yaml.list(podSpec(d), "containers").get(0);
            assertThat(Yaml.string(c, "resources.limits.cpu")).as(trainer).isEqualTo("2");
            assertThat(Yaml.string(c, "resources.limits.memory")).as(trainer).isEqualTo("4Gi");
            // LATENTLAB_WORKERS follows the CPU limit (downward API)
            assertThat(Yaml.list(c, "env")).as(trainer).anySatisfy(e -> {
                assertThat(Yaml.string(e, "name")).isEqualTo("LATENTLAB_WORKERS");
                assertThat(Yaml.string(e, "valueFrom.resourceFieldRef.resource")).isEqualTo("limits.cpu");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentRunsNonRootReadOnlyWithWritableTmpAndJavacppCache(String overlay) {
        for (Map<String, Object> d : Manifests.of(overlay).ofKind("Deployment")) {
            Map<String, Object> pod = podSpec(d);
            for (Object c : Yaml.list(pod, "containers")) {
                String what = overlay + ": Deployment " + name(d) + " container " + Yaml.string(c, "name");
                Object runAsNonRoot = Yaml.at(c, "securityContext.runAsNonRoot") != null
                        ? Yaml.at(c, "securityContext.runAsNonRoot") : Yaml.at(pod, "securityContext.runAsNonRoot");
                assertThat(runAsNonRoot).as(what + " runAsNonRoot").isEqualTo(true);
                assertThat(Yaml.at(c, "securityContext.readOnlyRootFilesystem")).as(what + " readOnlyRootFilesystem").isEqualTo(true);
                assertThat(Yaml.at(c, "securityContext.allowPrivilegeEscalation")).as(what + " allowPrivilegeEscalation").isEqualTo(false);
                List<String> mounts = Yaml.list(c, "volumeMounts").stream().map(v -> Yaml.string(v, "mountPath")).toList();
                assertThat(mounts).as(what + " mounts").contains("/tmp", "/tmp/javacpp");
                for (Object mount : Yaml.list(c, "volumeMounts")) {
                    String volume = Yaml.string(mount, "name");
                    // scratch space is an emptyDir; the only other volumes are Secrets mounted read-only (the Kafka CA)
                    assertThat(Yaml.list(pod, "volumes")).as(what + " volume " + volume)
                            .anySatisfy(v -> {
                                assertThat(Yaml.string(v, "name")).isEqualTo(volume);
                                if (Yaml.at(v, "secret") != null) {
                                    assertThat(Yaml.at(mount, "readOnly")).as(what + " secret volume " + volume + " readOnly")
                                            .isEqualTo(true);
                                } else {
                                    assertThat(Yaml.at(v, "emptyDir")).isNotNull();
                                }
                            });
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsPinned(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (Map<String, Object> w : m.workloads()) {
            for (Object c : Yaml.list(podSpec(w), "containers")) {
                String image = Yaml.string(c, "image");
                assertThat(image).as("%s: %s %s image", overlay, w.get("kind"), name(w)).isNotBlank();
                String lastSegment = image.substring(image.lastIndexOf('/') + 1);
                assertThat(lastSegment).as("%s: %s %s image %s has a tag", overlay, w.get("kind"), name(w), image)
                        .contains(":");
                assertThat(lastSegment).as("%s: %s image %s", overlay, name(w), image).doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void s3CredentialsComeFromTheUncommittedSecret(String overlay) {
        Manifests m = Manifests.of(overlay);
        assertThat(m.ofKind("Secret")).as("%s: no Secret with values in git", overlay).isEmpty();
        for (String service : Repo.services()) {
            Object c = Yaml.list(podSpec(m.find("Deployment", service).orElseThrow()), "containers").get(0);
            // control and the model server only read: the reader user (NothingExposedTest)
            String secret = NothingExposedTest.READERS.contains(service) ? "latentlab-s3-reader" : "latentlab-s3";
            for (String variable : List.of("LATENTLAB_S3_ACCESS_KEY", "LATENTLAB_S3_SECRET_KEY")) {
                assertThat(Yaml.list(c, "env")).as("%s: %s %s", overlay, service, variable).anySatisfy(e -> {
                    assertThat(Yaml.string(e, "name")).isEqualTo(variable);
                    assertThat(Yaml.string(e, "valueFrom.secretKeyRef.name")).isEqualTo(secret);
                });
            }
        }
    }

    @Test
    void prodRunsMoreThanDev() {
        assertThat(replicas(Manifests.of("prod"), "data-prep")).isGreaterThan(replicas(Manifests.of("dev"), "data-prep"));
        for (Map<String, Object> d : Manifests.of("dev").ofKind("Deployment")) {
            assertThat(Yaml.at(d, "spec.replicas")).as("dev: %s replicas", name(d)).isEqualTo(1);
        }
    }

    private static int replicas(Manifests m, String deployment) {
        return (Integer) Yaml.at(m.find("Deployment", deployment).orElseThrow(), "spec.replicas");
    }
}
