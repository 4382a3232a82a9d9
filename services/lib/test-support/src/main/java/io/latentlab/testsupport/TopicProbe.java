package io.latentlab.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Raw bytes in and out of the {@link KafkaS3TestResource}'s broker, the way a stage's neighbours see its
 * topics: a stage test sends the stage its input and waits for what it publishes.
 */
public final class TopicProbe {

    private TopicProbe() {
    }

    /** Sends one record and waits until the broker has it. */
    public static void send(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaS3TestResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e.getCause());
        }
    }

    /**
     * Reads {@code topic} from its beginning until {@code count} records match or {@code timeout} passes,
     * and returns the matches (fewer than {@code count} on a timeout: the caller's assertion says so).
     */
    public static List<ConsumerRecord<String, byte[]>> await(String topic, int count, Duration timeout,
                                                             Predicate<ConsumerRecord<String, byte[]>> match) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaS3TestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (found.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /**
     * The values on {@code topic} that {@code decode} reads and {@code match} accepts, as {@link #await} finds
     * them; a value {@code decode} throws on (bytes another test sent to see them dead-lettered) matches nothing.
     */
    public static <T> List<T> awaitValues(String topic, int count, Duration timeout, Function<byte[], T> decode,
                                          Predicate<T> match) {
        return await(topic, count, timeout, record -> {
            try {
                return match.test(decode.apply(record.value()));
            } catch (RuntimeException notOneOfThem) {
                return false;
            }
        }).stream().map(record -> decode.apply(record.value())).toList();
    }
}
