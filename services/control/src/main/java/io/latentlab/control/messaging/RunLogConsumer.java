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
import io.latentlab.kit.replay.TopicReplay;
import io.smallrye.common.annotation.Identifier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds the {@link RunStateProjection} from the run-requests, run-events and progress topics, always
 * from their beginning: no consumer group, no committed offsets, partitions assigned by hand and
 * re-checked every 30 s (REDISCOVER_MS; topics may be created after this service starts, or grow). Runs on
 * one daemon thread owned by this bean. The client settings are Quarkus's {@code kafka.*} configuration
 * (bootstrap servers, and in Kubernetes the SASL/TLS settings and credentials), the same the channels use.
 * Once every topic has been read up to where it ended when the consumer first saw it, the projection is
 * marked caught up (run-id checks wait for that).
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
    private final Map<String, Object> kafkaConfig;
    private final String bootstrapServers;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public RunLogConsumer(RunStateProjection projection,
                          @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                          @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.projection = projection;
        this.kafkaConfig = kafkaConfig;
        this.bootstrapServers = bootstrapServers;
    }

    /** Quarkus's kafka.* client settings as a replaying consumer's (no group, no commits), named for the logs. */
    static Map<String, Object> consumerConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = TopicReplay.replayConfig(kafkaConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "latentlab-control-projection");
        return config;
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
            try (KafkaConsumer<String, byte[]> kafka = TopicReplay.consumer(consumerConfig(kafkaConfig), bootstrapServers)) {
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
        // where each partition ended when it was first assigned: read up to there, the projection has caught up
        Map<TopicPartition, Long> backlog = new HashMap<>();
        Set<String> answered = new HashSet<>();
        long nextDiscovery = 0;
        while (running) {
            if (System.currentTimeMillis() >= nextDiscovery) {
                List<TopicPartition> added = discover(kafka, assigned, answered);
                if (!added.isEmpty()) {
                    assigned.addAll(added);
                    kafka.assign(assigned);
                    kafka.seekToBeginning(added);
                    if (!projection.caughtUp()) {
                        backlog.putAll(kafka.endOffsets(added));
                    }
                    LOG.infof("following %s from the beginning", added);
                }
                boolean allTopics = TOPICS.stream().allMatch(t -> assigned.stream().anyMatch(p -> p.topic().equals(t)));
                nextDiscovery = System.currentTimeMillis() + (allTopics ? REDISCOVER_MS : DISCOVER_MISSING_MS);
            }
            if (assigned.isEmpty()) {
                markCaughtUpIfRead(kafka, answered, backlog);
                sleep(500);
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                apply(record);
            }
            markCaughtUpIfRead(kafka, answered, backlog);
        }
    }

    /** Every topic answered (found, or known not to exist) and every found partition read up to its backlog. */
    private void markCaughtUpIfRead(KafkaConsumer<String, byte[]> kafka, Set<String> answered,
                                    Map<TopicPartition, Long> backlog) {
        if (projection.caughtUp() || !answered.containsAll(TOPICS)) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> end : backlog.entrySet()) {
            if (kafka.position(end.getKey(), Duration.ofSeconds(5)) < end.getValue()) {
                return;
            }
        }
        LOG.infof("run log read: %d runs known", projection.list().size());
        projection.markCaughtUp();
    }

    /**
     * The partitions of {@link #TOPICS} not assigned yet. One metadata request for every topic the broker
     * has: a topic missing from the answer does not exist (yet), while no answer at all (a timeout) means
     * the broker is away, and the topics count as unanswered: the projection is not caught up then.
     */
    private List<TopicPartition> discover(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> assigned,
                                          Set<String> answered) {
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = kafka.listTopics(Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
        answered.addAll(TOPICS);
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : TOPICS) {
            for (PartitionInfo info : existing.getOrDefault(topic, List.of())) {
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
