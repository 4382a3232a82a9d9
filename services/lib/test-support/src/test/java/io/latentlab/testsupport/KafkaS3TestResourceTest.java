package io.latentlab.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class KafkaS3TestResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "latentlab.s3.endpoint")
    String s3Endpoint;

    @Test
    void configPointsAtTheRunningStack() {
        assertThat(bootstrapServers).isEqualTo(KafkaS3TestResource.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(s3Endpoint).isEqualTo(KafkaS3TestResource.s3Endpoint()).startsWith("http://127.0.0.1:");
    }

    @Test
    void everyPipelineTopicExistsWithFourPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<String, TopicDescription> topics = admin.describeTopics(KafkaS3TestResource.TOPICS).allTopicNames().get();

            assertThat(topics).hasSize(KafkaS3TestResource.TOPICS.size());
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(4));
        }
    }

    @Test
    void s3AnswersAndRefusesUnsignedRequests() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(s3Endpoint + "/" + KafkaS3TestResource.BUCKET)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }
}
