package io.latentlab.control.messaging;

import io.latentlab.control.service.RunStateProjection;
import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.MalformedMessageException;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds the {@link RunStateProjection} from the run-requests, run-events and progress topics, always
 * from their beginning: no consumer group, no committed offsets, partitions assigned by hand and
 * re-checked every few seconds (topics may be created after this service starts, or grow). Runs on
 * one daemon thread owned by this bean.
 */
@ApplicationScoped
public class RunLogConsumer {

    static final List<String> TOPICS = List.of(Topics.RUN_REQUESTS, Topics.RUN_EVENTS, Topics.PROGRESS);
    private static final Logger LOG = Logger.getLogger(RunLogConsumer.class);
    private static final Duration POLL = Duration.ofMillis(250);
    /** While a topic is missing it is looked for every second, then partitions are re-checked twice a minute. */
    private static final long DISCOVER_MISSING_MS = 1_000;
    private static final long REDISCOVER_MS = 30_000;

    private final RunStateProjection projection;
    private final String bootstrapServers;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public RunLogConsumer(RunStateProjection projection,
                          @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.projection = projection;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "control-run-log");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    // never create a topic with the broker's default partition count: the topic setup owns them
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                    ConsumerConfig.CLIENT_ID_CONFIG, "latentlab-control-projection"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException e) {
                // shutting down
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf(e, "run log consumer failed; reconnecting in 2 s (state is kept, topics are re-read)");
                    sleep(2_000);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextDiscovery = 0;
        while (running) {
            if (System.currentTimeMillis() >= nextDiscovery) {
                List<TopicPartition> added = discover(kafka, assigned);
                if (!added.isEmpty()) {
                    assigned.addAll(added);
                    kafka.assign(assigned);
                    kafka.seekToBeginning(added);
                    LOG.infof("following %s from the beginning", added);
                }
                boolean allTopics = TOPICS.stream().allMatch(t -> assigned.stream().anyMatch(p -> p.topic().equals(t)));
                nextDiscovery = System.currentTimeMillis() + (allTopics ? REDISCOVER_MS : DISCOVER_MISSING_MS);
            }
            if (assigned.isEmpty()) {
                sleep(500);
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                apply(record);
            }
        }
    }

    private List<TopicPartition> discover(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> assigned) {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> partitions;
            try {
                partitions = kafka.partitionsFor(topic, Duration.ofSeconds(2));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                continue; // not created yet
            }
            if (partitions == null) {
                continue;
            }
            for (PartitionInfo info : partitions) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                if (!assigned.contains(partition)) {
                    added.add(partition);
                }
            }
        }
        return added;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            switch (record.topic()) {
                case Topics.RUN_REQUESTS -> projection.request(RunRequestCodec.decode(record.value()), record.timestamp());
                case Topics.RUN_EVENTS -> projection.event(RunEvent.parseFrom(record.value()), record.timestamp());
                case Topics.PROGRESS -> projection.progress(Progress.parseFrom(record.value()), record.timestamp());
                default -> {
                }
            }
        } catch (MalformedMessageException | com.google.protobuf.InvalidProtocolBufferException e) {
            // not ours to judge: the stages dead-letter malformed messages
            LOG.debugf("ignoring a malformed record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
