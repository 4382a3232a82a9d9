package io.latentlab.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Kafka and S3 for local development until SIGTERM/Ctrl-C.
 * Writes the endpoints to {@code <dir>/stack.env}; data persists in {@code <dir>} across restarts.
 */
public final class LocalStackMain {

    static final String BUCKET = "latentlab";
    private static final long SHUTDOWN_TIMEOUT_MS = 30_000;

    private LocalStackMain() {
    }

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(StackOptions.USAGE);
            System.exit(2);
            return;
        }

        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(options.dir());
            EmbeddedKafka kafka = EmbeddedKafka.start(options.dir().resolve("kafka"), options.kafkaPort());
            started.add(0, kafka);
            EmbeddedS3 s3 = EmbeddedS3.start(options.dir().resolve("s3"), options.s3Port(),
                    options.accessKey(), options.secretKey());
            started.add(0, s3);
            s3.createBucket(BUCKET);

            String env = String.join("\n",
                    "KAFKA_BOOTSTRAP=" + kafka.bootstrapServers(),
                    "S3_ENDPOINT=" + s3.endpoint(),
                    "S3_ACCESS_KEY=" + options.accessKey(),
                    "S3_SECRET_KEY=" + options.secretKey(),
                    "S3_BUCKET=" + BUCKET) + "\n";
            Files.writeString(options.dir().resolve("stack.env"), env);
            System.out.print(env);
            System.out.println("local stack ready (data in " + options.dir().toAbsolutePath() + "); Ctrl-C to stop");
            System.out.flush();
        } catch (Exception e) {
            System.err.println("local stack failed to start: " + e);
            e.printStackTrace();
            closeAll(started);
            // Kafka leaves non-daemon threads behind: exit explicitly
            System.exit(1);
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread closer = new Thread(() -> closeAll(started), "local-stack-close");
            closer.start();
            try {
                closer.join(SHUTDOWN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println(closer.isAlive() ? "local stack did not stop in time: halting" : "local stack stopped");
            System.out.flush();
            // Kafka's non-daemon threads (or a stuck shutdown) must not keep the JVM alive
            Runtime.getRuntime().halt(0);
        }, "local-stack-shutdown"));
        awaitForever();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("error while stopping " + resource.getClass().getSimpleName() + ": " + e);
            }
        }
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record StackOptions(Path dir, int kafkaPort, int s3Port, String accessKey, String secretKey) {

        static final String USAGE = "usage: local-stack [--dir .latentlab/stack] [--kafka-port 9092] [--s3-port 9000]"
                + " [--access-key latentlab] [--secret-key latentlab-secret]";

        static StackOptions parse(String[] args) {
            Path dir = Path.of(".latentlab/stack");
            int kafkaPort = 9092;
            int s3Port = 9000;
            String accessKey = "latentlab";
            String secretKey = "latentlab-secret";
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    throw new IllegalArgumentException("local stack: embedded Kafka (KRaft) and S3 (s3proxy)");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--dir" -> dir = Path.of(value);
                    case "--kafka-port" -> kafkaPort = port(flag, value);
                    case "--s3-port" -> s3Port = port(flag, value);
                    case "--access-key" -> accessKey = value;
                    case "--secret-key" -> secretKey = value;
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            return new StackOptions(dir, kafkaPort, s3Port, accessKey, secretKey);
        }

        private static int port(String flag, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a port number 0-65535, got '" + value + "'");
            }
        }
    }
}
