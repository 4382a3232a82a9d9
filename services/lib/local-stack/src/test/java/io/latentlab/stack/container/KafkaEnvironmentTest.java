package io.latentlab.stack.container;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaEnvironmentTest {

    private static final Map<String, String> COMPOSE = Map.of(
            "CLUSTER_ID", "Y90dRkmIRXqX1Y7swMXIZw",
            "KAFKA_NODE_ID", "1",
            "KAFKA_PROCESS_ROLES", "broker,controller",
            "KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093,HOST://:29092",
            "KAFKA_LOG_DIRS", "/var/lib/kafka/data",
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
            "KAFKA_HEAP_OPTS", "-Xmx1g",
            "PATH", "/usr/bin");

    @Test
    void kafkaVariablesAreServerPropertiesAsInTheApacheKafkaImage() {
        KafkaEnvironment env = KafkaEnvironment.of(COMPOSE);

        assertThat(env.serverProperties()).containsEntry("node.id", "1")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("offsets.topic.replication.factor", "1")
                .doesNotContainKeys("heap.opts", "path");
        assertThat(env.clusterId()).isEqualTo("Y90dRkmIRXqX1Y7swMXIZw");
        assertThat(env.logDir()).isEqualTo(Path.of("/var/lib/kafka/data"));
        assertThat(env.localBootstrap()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void doubleAndTripleUnderscoresAreUnderscoresAndDashes() {
        assertThat(KafkaEnvironment.propertyName("LISTENER_NAME_HOST_SCRAM___SHA___512_SASL__JAAS__CONFIG"))
                .isEqualTo("listener.name.host.scram-sha-512.sasl_jaas_config");
    }

    @Test
    void aMissingSettingIsNamedByItsVariable() {
        Map<String, String> noLogDirs = new java.util.HashMap<>(COMPOSE);
        noLogDirs.remove("KAFKA_LOG_DIRS");
        assertThatThrownBy(() -> KafkaEnvironment.of(noLogDirs)).hasMessageContaining("KAFKA_LOG_DIRS is not set");
        Map<String, String> noCluster = new java.util.HashMap<>(COMPOSE);
        noCluster.remove("CLUSTER_ID");
        assertThatThrownBy(() -> KafkaEnvironment.of(noCluster)).hasMessageContaining("CLUSTER_ID");
    }
}
