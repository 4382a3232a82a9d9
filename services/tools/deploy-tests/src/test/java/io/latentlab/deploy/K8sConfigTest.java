package io.latentlab.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.latentlab.deploy.Manifests.name;
import static io.latentlab.deploy.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

/** The env each Deployment gets (ConfigMap, Secret, downward API) is config its service reads, and points at real Services. */
class K8sConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyConfigMapKeyIsAPropertyOfItsServiceOrARuntimeVariable(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : Repo.services()) {
            ServiceConfig config = ServiceConfig.of(service);
            Object container = Yaml.list(podSpec(m.find("Deployment", service).orElseThrow()), "containers").get(0);
            List<Object> envFrom = Yaml.list(container, "envFrom");
            assertThat(envFrom).as("%s: %s envFrom", overlay, service).isNotEmpty();
            for (Object source : envFrom) {
                String configMap = Yaml.string(source, "configMapRef.name");
                assertThat(configMap).as("%s: %s envFrom is a ConfigMap", overlay, service).isNotNull();
                Map<String, Object> cm = m.find("ConfigMap", configMap).orElseThrow(
                        () -> new AssertionError(overlay + ": " + service + " refers to missing ConfigMap " + configMap));
                for (String key : Yaml.map(cm, "data").keySet()) {
                    assertThat(config.reads(key)).as("%s: ConfigMap %s key %s is read by %s (application.properties or %s)",
                            overlay, configMap, key, service, ServiceConfig.RUNTIME_VARIABLES).isTrue();
                }
            }
            for (Object e : Yaml.list(container, "env")) {
                String variable = Yaml.string(e, "name");
                assertThat(config.reads(variable)).as("%s: %s env %s is read by the service", overlay, service, variable).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaAndS3AddressesPointAtServicesOfTheRendering(String overlay) {
        Manifests m = Manifests.of(overlay);
        String bootstrap = m.bootstrapServers();
        for (Map<String, Object> cm : m.ofKind("ConfigMap")) {
            Map<String, Object> data = Yaml.map(cm, "data");
            if (data.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                assertThat(data.get("KAFKA_BOOTSTRAP_SERVERS")).as(name(cm)).isEqualTo(bootstrap);
            }
            if (data.containsKey("LATENTLAB_S3_ENDPOINT")) {
                String host = String.valueOf(data.get("LATENTLAB_S3_ENDPOINT")).replaceFirst("^https?://", "").replaceFirst(":.*", "");
                assertThat(m.find("Service", host)).as("%s: ConfigMap %s S3 endpoint Service %s", overlay, name(cm), host).isPresent();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServiceMonitorScrapesEveryServiceOnQuarkusMetrics(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<Map<String, Object>> monitors = m.ofKind("ServiceMonitor");
        assertThat(monitors).as(overlay).hasSize(1);
        Map<String, Object> monitor = monitors.get(0);
        Map<String, Object> selector = Yaml.map(monitor, "spec.selector.matchLabels");
        assertThat(Yaml.list(monitor, "spec.endpoints")).anySatisfy(e -> {
            assertThat(Yaml.string(e, "path")).isEqualTo("/q/metrics");
            assertThat(Yaml.string(e, "port")).isEqualTo("http");
        });
        for (String service : Repo.services()) {
            Map<String, Object> svc = m.find("Service", service).orElseThrow();
            assertThat(Yaml.map(svc, "metadata.labels")).as("%s: Service %s labels", overlay, service).containsAllEntriesOf(selector);
            assertThat(Yaml.list(svc, "spec.ports")).anySatisfy(p -> assertThat(Yaml.string(p, "name")).isEqualTo("http"));
        }
    }
}
