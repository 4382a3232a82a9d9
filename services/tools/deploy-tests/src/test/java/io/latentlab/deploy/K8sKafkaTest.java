package io.latentlab.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.latentlab.deploy.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

/** Strimzi Kafka in KRaft mode with one KafkaTopic per topic the code knows. */
class K8sKafkaTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaIsKraftWithANodePoolOfControllersAndBrokers(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, Object> kafka = m.kafka();
        assertThat(Yaml.map(kafka, "metadata.annotations"))
                .containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(Yaml.at(kafka, "spec.zookeeper")).as("no ZooKeeper").isNull();
        List<Map<String, Object>> pools = m.ofKind("KafkaNodePool");
        assertThat(pools).as(overlay + ": node pools").isNotEmpty();
        assertThat(pools).allSatisfy(p -> assertThat(Yaml.map(p, "metadata.labels"))
                .containsEntry("strimzi.io/cluster", name(kafka)));
        assertThat(pools.stream().flatMap(p -> Yaml.list(p, "spec.roles").stream()).toList())
                .contains("controller", "broker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicOfTopicsJavaIsAKafkaTopicOfTheCluster(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, Map<String, Object>> declared = m.kafkaTopics();
        for (Map.Entry<String, String> constant : TopicNames.all().entrySet()) {
            assertThat(declared).as("%s: KafkaTopic for Topics.%s", overlay, constant.getKey())
                    .containsKey(constant.getValue());
            Map<String, Object> topic = declared.get(constant.getValue());
            assertThat(Yaml.map(topic, "metadata.labels")).containsEntry("strimzi.io/cluster", name(m.kafka()));
            assertThat((Integer) Yaml.at(topic, "spec.partitions")).as(constant.getValue()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicAServiceUsesExists(String overlay) {
        Map<String, Map<String, Object>> declared = Manifests.of(overlay).kafkaTopics();
        for (String service : Repo.services()) {
            assertThat(declared.keySet()).as("%s: topics of %s", overlay, service)
                    .containsAll(ServiceConfig.of(service).topics());
        }
    }

    @Test
    void prodHasMorePartitionsAndReplicationThanDev() {
        int dev = partitions("dev", "latentlab.reducer-jobs");
        int prod = partitions("prod", "latentlab.reducer-jobs");
        assertThat(prod).isGreaterThan(dev);
        assertThat(prod).isGreaterThanOrEqualTo(12);
        for (Map<String, Object> t : Manifests.of("prod").ofKind("KafkaTopic")) {
            assertThat(Yaml.at(t, "spec.replicas")).as(name(t)).isEqualTo(3);
        }
        assertThat(Yaml.at(Manifests.of("prod").ofKind("KafkaNodePool").get(0), "spec.replicas")).isEqualTo(3);
    }

    @Test
    void theTriggerJobPublishesOnTheRequestTopicOfTheCluster() {
        Map<String, Object> job = Yaml.document(Repo.read("k8s/jobs/trigger-run.yaml"));
        Object container = Yaml.list(job, "spec.template.spec.containers").get(0);
        Map<String, String> env = new java.util.HashMap<>();
        for (Object e : Yaml.list(container, "env")) {
            env.put(Yaml.string(e, "name"), Yaml.string(e, "value"));
        }
        assertThat(env).containsEntry("TOPIC", TopicNames.all().get("RUN_REQUESTS"))
                .containsEntry("BOOTSTRAP", Manifests.of("dev").bootstrapServers());
        assertThat(Yaml.string(container, "image")).matches("[^:]+:[0-9][^:]*");
    }

    private static int partitions(String overlay, String topic) {
        return (Integer) Yaml.at(Manifests.of(overlay).kafkaTopics().get(topic), "spec.partitions");
    }
}
