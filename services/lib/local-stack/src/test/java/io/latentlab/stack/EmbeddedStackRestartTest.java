package io.latentlab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/**
 * A broker or S3 server stopped and started again on the same data dir and the same ports (in this JVM) is
 * the same server: what was written before is still there. The fault tests restart them as processes
 * ({@link StackServerMain}); this pins down that the data dir alone carries the state.
 */
class EmbeddedStackRestartTest {

    @TempDir
    Path dir;

    @Test
    void kafkaRestartedOnTheSameDirAndPortsKeepsItsTopicsAndRecords() throws Exception {
        int port = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port, controllerPort)) {
            kafka.createTopics(Map.of("restart-test", 2));
            send(kafka.bootstrapServers(), "before");
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(dir.resolve("kafka"), port, controllerPort)) {
            assertThat(again.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            send(again.bootstrapServers(), "after");
            assertThat(readAll(again.bootstrapServers(), 2)).containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void s3RestartedOnTheSameDirAndPortKeepsItsObjects() throws Exception {
        int port = FreePorts.pick();
        byte[] data = "kept".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), port, "test", "test-secret")) {
            s3.createBucket("latentlab");
            client(s3.endpoint()).putObject(PutObjectArgs.builder().bucket("latentlab").object("a/b.bin")
                    .stream(new ByteArrayInputStream(data), data.length, -1).build());
        }
        try (EmbeddedS3 again = EmbeddedS3.start(dir.resolve("s3"), port, "test", "test-secret");
             var in = client(again.endpoint()).getObject(GetObjectArgs.builder().bucket("latentlab").object("a/b.bin").build())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    private static MinioClient client(String endpoint) {
        return MinioClient.builder().endpoint(endpoint).credentials("test", "test-secret").build();
    }

    private static void send(String bootstrap, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("restart-test", value, value)).get();
        }
    }

    private static List<String> readAll(String bootstrap, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("restart-test"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
