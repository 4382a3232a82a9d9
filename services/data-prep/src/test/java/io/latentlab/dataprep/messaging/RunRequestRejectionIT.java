package io.latentlab.dataprep.messaging;

import io.latentlab.kit.Topics;
import io.latentlab.proto.RunEvent;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** data-prep on a real KRaft broker and s3proxy: bad requests get a reason, malformed bytes a dead letter. */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class RunRequestRejectionIT {

    @Test
    void invalidRequestIsRejectedWithReasons() {
        send("bad-digits", "{\"runId\":\"bad-digits\",\"profile\":\"quick\",\"digits\":[3,3,12]}");

        RunEvent event = awaitRunEvent("bad-digits");

        assertThat(event.hasRejected()).isTrue();
        assertThat(event.getRejected().getReasonsList())
                .anySatisfy(reason -> assertThat(reason).contains("between 0 and 9"))
                .anySatisfy(reason -> assertThat(reason).contains("must not repeat"));
    }

    @Test
    void malformedMessageGoesToTheDeadLetterTopicAndTheConsumerKeepsRunning() {
        send("garbage", "this is { not a run request");
        send("after-garbage", "{\"runId\":\"after-garbage\",\"profile\":\"no-such-profile\"}");

        List<ConsumerRecord<String, byte[]>> dead = await(Topics.DEAD_LETTERS,
                r -> new String(r.value(), StandardCharsets.UTF_8).equals("this is { not a run request"));
        assertThat(dead).isNotEmpty();
        assertThat(dead.get(0).headers().lastHeader("dead-letter-reason")).isNotNull();

        RunEvent event = awaitRunEvent("after-garbage");
        assertThat(event.getRejected().getReasonsList()).anySatisfy(r -> assertThat(r).contains("unknown profile"));
    }

    @Test
    void aRunWhoseSourceDataIsMissingFailsNamingDataPrep() {
        // no MNIST is staged in this test's bucket: the request is valid, the run cannot be prepared
        send("no-mnist", "{\"runId\":\"no-mnist\",\"profile\":\"quick\"}");

        RunEvent event = awaitRunEvent("no-mnist", RunEvent::hasFailed);

        assertThat(event.getFailed().getJobId()).isEqualTo("data-prep");
        assertThat(event.getFailed().getStage()).isEqualTo("data-prep");
        assertThat(event.getFailed().getReason()).contains("mnist");
    }

    @Test
    void aRetryOfARunThatNeverExistedIsRejected() {
        send("never-was", "{\"runId\":\"never-was\",\"retry\":true}");

        RunEvent event = awaitRunEvent("never-was");

        assertThat(event.getRejected().getReasonsList()).containsExactly("no run 'never-was' to retry: it was never accepted");
    }

    private static void send(String key, String payload) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaS3TestResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RUN_REQUESTS, key, payload.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static RunEvent awaitRunEvent(String runId) {
        return awaitRunEvent(runId, event -> true);
    }

    private static RunEvent awaitRunEvent(String runId, java.util.function.Predicate<RunEvent> match) {
        ConsumerRecord<String, byte[]> record = await(Topics.RUN_EVENTS,
                r -> runId.equals(r.key()) && match.test(parse(r.value()))).get(0);
        return parse(record.value());
    }

    private static RunEvent parse(byte[] bytes) {
        try {
            return RunEvent.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> await(String topic,
                                                              java.util.function.Predicate<ConsumerRecord<String, byte[]>> match) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaS3TestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(60);
            while (found.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        assertThat(found).as("a matching record on " + topic).isNotEmpty();
        return found;
    }
}
