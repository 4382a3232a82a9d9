package io.latentlab.control.messaging;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunLogConsumerTest {

    @Test
    void theProjectionConsumerAuthenticatesLikeTheChannelsButHasNoGroup() {
        // what Quarkus's "default-kafka-broker" holds in Kubernetes (KAFKA_* env as kafka.* properties)
        Map<String, Object> config = RunLogConsumer.consumerConfig(Map.of(
                "bootstrap.servers", "latentlab-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"control\" password=\"x\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt",
                "group.id", "someone-elses",
                "value.deserializer", "x.Y"));
        assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt")
                .containsEntry("bootstrap.servers", "latentlab-kafka-bootstrap:9093")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("allow.auto.create.topics", false)
                .doesNotContainKeys("group.id", "value.deserializer");
    }
}
