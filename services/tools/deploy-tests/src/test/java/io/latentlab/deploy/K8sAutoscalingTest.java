package io.latentlab.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.latentlab.deploy.Manifests.name;
import static io.latentlab.deploy.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model server has no queue for KEDA to read: a HorizontalPodAutoscaler scales it on CPU, which needs a CPU
 * request on its container; no other workload is scaled by two autoscalers at once.
 */
class K8sAutoscalingTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theModelServerScalesOnCpuUtilizationOfItsRequest(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, Object> hpa = m.find("HorizontalPodAutoscaler", "model-server").orElseThrow(
                () -> new AssertionError(overlay + ": no HorizontalPodAutoscaler model-server"));
        assertThat(Yaml.string(hpa, "apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(Yaml.string(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat(Yaml.string(hpa, "spec.scaleTargetRef.apiVersion")).isEqualTo("apps/v1");
        String target = Yaml.string(hpa, "spec.scaleTargetRef.name");
        assertThat(target).isEqualTo("model-server");
        Map<String, Object> deployment = m.find("Deployment", target).orElseThrow();
        List<Object> metrics = Yaml.list(hpa, "spec.metrics");
        assertThat(metrics).as(overlay + ": HPA metrics").hasSize(1);
        assertThat(Yaml.string(metrics.get(0), "type")).isEqualTo("Resource");
        assertThat(Yaml.string(metrics.get(0), "resource.name")).isEqualTo("cpu");
        assertThat(Yaml.string(metrics.get(0), "resource.target.type")).isEqualTo("Utilization");
        assertThat((Integer) Yaml.at(metrics.get(0), "resource.target.averageUtilization")).isBetween(30, 90);
        // utilization is a share of the request: every container of the pod requests CPU
        for (Object container : Yaml.list(podSpec(deployment), "containers")) {
            assertThat(Yaml.string(container, "resources.requests.cpu")).as(overlay + ": %s CPU request",
                    Yaml.string(container, "name")).isNotBlank();
        }
        int min = (Integer) Yaml.at(hpa, "spec.minReplicas");
        int max = (Integer) Yaml.at(hpa, "spec.maxReplicas");
        assertThat(min).isGreaterThanOrEqualTo(1);
        assertThat(max).isGreaterThan(min);
        assertThat((Integer) Yaml.at(deployment, "spec.replicas")).isBetween(min, max);
        // a new pod loads its runs from S3 first: scale down slowly
        assertThat((Integer) Yaml.at(hpa, "spec.behavior.scaleDown.stabilizationWindowSeconds")).isGreaterThanOrEqualTo(120);
    }

    @Test
    void prodScalesTheModelServerFurtherThanDev() {
        assertThat(maxReplicas("prod")).isGreaterThan(maxReplicas("dev"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noDeploymentHasBothAScaledObjectAndAHorizontalPodAutoscaler(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> keda = m.ofKind("ScaledObject").stream().map(s -> Yaml.string(s, "spec.scaleTargetRef.name")).toList();
        for (Map<String, Object> hpa : m.ofKind("HorizontalPodAutoscaler")) {
            assertThat(keda).as("%s: %s is also scaled by KEDA", overlay, name(hpa))
                    .doesNotContain(Yaml.string(hpa, "spec.scaleTargetRef.name"));
        }
    }

    private static int maxReplicas(String overlay) {
        return (Integer) Yaml.at(Manifests.of(overlay).find("HorizontalPodAutoscaler", "model-server").orElseThrow(),
                "spec.maxReplicas");
    }
}
