package io.latentlab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStackTest {

    @TempDir
    Path dir;

    @Test
    void kafkaProducesAndConsumesOnCreatedTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            kafka.createTopics(Map.of("stack-test", 4));
            kafka.createTopics(Map.of("stack-test", 4)); // idempotent

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("stack-test", "run-1", "hello")).get();
            }

            assertThat(pollUntilOne(kafka.bootstrapServers(), "stack-test"))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple("run-1", "hello"));
        }
    }

    @Test
    void s3StoresAndReturnsAnObjectForSignedRequests() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, "test", "test-secret")) {
            s3.createBucket("latentlab");
            s3.createBucket("latentlab"); // idempotent
            MinioClient client = MinioClient.builder()
                    .endpoint(s3.endpoint())
                    .credentials("test", "test-secret")
                    .build();
            byte[] data = "some bytes".getBytes(StandardCharsets.UTF_8);

            client.putObject(PutObjectArgs.builder().bucket("latentlab").object("runs/r1/a.bin")
                    .stream(new ByteArrayInputStream(data), data.length, -1).build());

            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("latentlab").build())).isTrue();
            try (var in = client.getObject(GetObjectArgs.builder().bucket("latentlab").object("runs/r1/a.bin").build())) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(dir.resolve("s3/latentlab")).isDirectory();
        }
    }

    @Test
    void kafkaRestartsOnItsFormattedDirAndKeepsTopics() {
        Path kafkaDir = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0)) {
            kafka.createTopics(Map.of("survives-restart", 2));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0);
             KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers())) {
            assertThat(consumer.listTopics(Duration.ofSeconds(10))).containsKey("survives-restart");
        }
    }

    @Test
    void secondKafkaOnTheSameDirIsRefusedAndFirstKeepsWorking() {
        Path kafkaDir = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0)) {
            assertThatThrownBy(() -> EmbeddedKafka.start(kafkaDir, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already used");

            kafka.createTopics(Map.of("after-refusal", 1));
            try (KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers())) {
                assertThat(consumer.listTopics(Duration.ofSeconds(10))).containsKey("after-refusal");
            }
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntilOne(String bootstrap, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }
}
