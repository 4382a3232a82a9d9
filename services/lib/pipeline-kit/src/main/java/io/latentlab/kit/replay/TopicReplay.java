package io.latentlab.kit.replay;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading topics from their beginning without a consumer group: how the CLI follows a run and how
 * every stage learns of cancellations (each reader sees every record, also after a restart).
 */
public final class TopicReplay {

    private TopicReplay() {
    }

    /** A consumer that commits nothing and creates no topics. */
    public static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        return consumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * The same with every client setting of {@code clientConfig}: in a Quarkus service, pass its
     * {@code @Identifier("default-kafka-broker") Map<String, Object>} (the {@code kafka.*} configuration), so that
     * the consumer authenticates like the service's channels (SASL/TLS in Kubernetes, docs/security.md).
     */
    public static KafkaConsumer<String, byte[]> consumer(Map<String, ?> clientConfig) {
        return new KafkaConsumer<>(replayConfig(clientConfig), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * {@link #consumer(Map)} with {@code bootstrapServers} winning over the map's: Quarkus's map can hold the
     * build-time value (seen in @QuarkusTest, whose test resources set the broker at run time).
     */
    public static KafkaConsumer<String, byte[]> consumer(Map<String, ?> clientConfig, String bootstrapServers) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return consumer(config);
    }

    /** The client settings minus group and (de)serializer settings, no commits, no topic creation. */
    public static Map<String, Object> replayConfig(Map<String, ?> clientConfig) {
        Map<String, Object> config = new java.util.HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (!key.startsWith("group.") && !key.endsWith("serializer")) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // never create a topic with the broker's default partition count: the topic setup owns them
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    /**
     * Assigns every partition of the topics and seeks to their beginning.
     *
     * @return the partitions assigned; empty when none of the topics exists (yet)
     */
    public static List<TopicPartition> assignFromBeginning(Consumer<?, ?> consumer, Duration timeout,
                                                           String... topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            var infos = consumer.listTopics(timeout).get(topic);
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
        }
        if (!partitions.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        return partitions;
    }
}
