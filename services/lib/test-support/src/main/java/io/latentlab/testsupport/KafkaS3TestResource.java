package io.latentlab.testsupport;

import io.latentlab.kit.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.latentlab.stack.EmbeddedKafka;
import io.latentlab.stack.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts an in-process Kafka (KRaft) and S3 (s3proxy) on free ports for a {@code @QuarkusTest}:
 * {@code @QuarkusTestResource(KafkaS3TestResource.class)}. Creates the bucket and every pipeline topic.
 */
public class KafkaS3TestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "latentlab";
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test-secret";
    public static final int PARTITIONS = 4;

    /** Every pipeline topic, from the one list the services and deploy files are checked against. */
    public static final List<String> TOPICS = Topics.all();

    /** Set {@code -Dlatentlab.test-stack.verbose=true} to see the broker's and s3proxy's INFO logs. */
    public static final String VERBOSE_PROPERTY = "latentlab.test-stack.verbose";

    // held strongly: JUL forgets the level of a logger that gets garbage collected
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("kafka"),
            Logger.getLogger("state.change.logger"),
            Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("org.gaul"));

    private static volatile String bootstrapServers;
    private static volatile String s3Endpoint;

    private Path dataDir;
    private EmbeddedKafka kafka;
    private EmbeddedS3 s3;

    @Override
    public Map<String, String> start() {
        if (!Boolean.getBoolean(VERBOSE_PROPERTY)) {
            // the broker logs ~400 INFO lines per start; a service's own config can still raise them
            QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        }
        try {
            dataDir = Files.createTempDirectory("latentlab-test-stack");
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), 0);
            s3 = EmbeddedS3.start(dataDir.resolve("s3"), 0, ACCESS_KEY, SECRET_KEY);
            s3.createBucket(BUCKET);
            Map<String, Integer> topics = new LinkedHashMap<>();
            TOPICS.forEach(topic -> topics.put(topic, PARTITIONS));
            kafka.createTopics(topics);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot create the test stack's data dir", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        bootstrapServers = kafka.bootstrapServers();
        s3Endpoint = s3.endpoint();
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrapServers,
                "latentlab.s3.endpoint", s3Endpoint,
                "latentlab.s3.access-key", ACCESS_KEY,
                "latentlab.s3.secret-key", SECRET_KEY,
                "latentlab.s3.bucket", BUCKET);
    }

    @Override
    public void stop() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            try {
                if (kafka != null) {
                    kafka.close();
                }
            } finally {
                s3 = null;
                kafka = null;
                deleteQuietly(dataDir);
            }
        }
    }

    /** The running Kafka's bootstrap servers, for tests that produce or consume directly. */
    public static String bootstrapServers() {
        return requireStarted(bootstrapServers);
    }

    /** The running S3 endpoint (path-style, credentials {@value #ACCESS_KEY}/{@value #SECRET_KEY}). */
    public static String s3Endpoint() {
        return requireStarted(s3Endpoint);
    }

    private static String requireStarted(String value) {
        if (value == null) {
            throw new IllegalStateException("KafkaS3TestResource has not started: annotate the test class with "
                    + "@QuarkusTestResource(KafkaS3TestResource.class)");
        }
        return value;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
