package io.latentlab.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.latentlab.deploy.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

/** KEDA scales the trainers on the lag of the consumer group each service really uses. */
class K8sScaledObjectsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bothTrainersScaleOnKafkaLag(String overlay) {
        List<String> targets = Manifests.of(overlay).ofKind("ScaledObject").stream()
                .map(s -> Yaml.string(s, "spec.scaleTargetRef.name")).toList();
        assertThat(targets).as(overlay).contains("reducer-trainer", "classifier-trainer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyScaledObjectWatchesItsServicesGroupOnAnExistingTopic(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, Map<String, Object>> topics = m.kafkaTopics();
        String bootstrap = name(m.kafka()) + "-kafka-bootstrap." + m.namespaceOf(m.kafka()) + ".svc:"
                + Yaml.string(m.clientListener(), "port");
        for (Map<String, Object> scaled : m.ofKind("ScaledObject")) {
            String target = Yaml.string(scaled, "spec.scaleTargetRef.name");
            String what = overlay + ": ScaledObject " + name(scaled);
            assertThat(Yaml.string(scaled, "spec.scaleTargetRef.kind")).as(what).isIn(null, "Deployment");
            assertThat(m.find("Deployment", target)).as(what + " target Deployment " + target).isPresent();
            assertThat(Repo.services()).as(what + " target is a service").contains(target);
            ServiceConfig config = ServiceConfig.of(target);

            List<Object> triggers = Yaml.list(scaled, "spec.triggers");
            assertThat(triggers).as(what + " triggers").isNotEmpty();
            for (Object trigger : triggers) {
                assertThat(Yaml.string(trigger, "type")).as(what).isEqualTo("kafka");
                String topic = Yaml.string(trigger, "metadata.topic");
                assertThat(topics).as(what + " topic").containsKey(topic);
                assertThat(config.incomingTopics().values()).as(what + ": " + target + " reads " + topic).contains(topic);
                assertThat(Yaml.string(trigger, "metadata.consumerGroup")).as(what + " consumerGroup")
                        .isEqualTo(config.consumerGroupOf(topic).orElseThrow(
                                () -> new AssertionError(target + " declares no group.id for " + topic)));
                // the listener authenticates: KEDA too (TLS + SCRAM as the KafkaUser keda, K8sSecurityTest)
                String auth = Yaml.string(trigger, "authenticationRef.name");
                assertThat(auth).as(what + " authenticationRef").isNotNull();
                assertThat(m.find("TriggerAuthentication", auth)).as(what + " TriggerAuthentication " + auth).isPresent();
                // KEDA's operator runs in its own namespace: the bootstrap address must be fully qualified
                assertThat(Yaml.string(trigger, "metadata.bootstrapServers")).as(what + " bootstrapServers")
                        .isEqualTo(bootstrap);
                assertThat(Integer.parseInt(Yaml.string(trigger, "metadata.lagThreshold"))).as(what).isPositive();
                // pods beyond the partition count would sit idle in the group
                int partitions = (Integer) Yaml.at(topics.get(topic), "spec.partitions");
                assertThat((Integer) Yaml.at(scaled, "spec.maxReplicaCount")).as(what + " maxReplicaCount <= partitions")
                        .isLessThanOrEqualTo(partitions)
                        .isGreaterThanOrEqualTo((Integer) Yaml.at(scaled, "spec.minReplicaCount"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodScalesTrainersFurtherThanDev(String overlay) {
        for (String trainer : List.of("reducer-trainer", "classifier-trainer")) {
            assertThat(maxReplicas(overlay, trainer)).as(trainer).isGreaterThan(maxReplicas("dev", trainer));
        }
    }

    private static int maxReplicas(String overlay, String scaledObject) {
        return (Integer) Yaml.at(Manifests.of(overlay).find("ScaledObject", scaledObject).orElseThrow(), "spec.maxReplicaCount");
    }
}
