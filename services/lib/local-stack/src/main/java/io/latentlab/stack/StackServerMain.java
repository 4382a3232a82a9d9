package io.latentlab.stack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One server of the local stack as its own process, so that a test can stop it (SIGTERM or SIGKILL) and
 * start it again on the same data dir and the same ports while everything else keeps running:
 * <pre>
 *   kafka --dir D --port P --controller-port C
 *   s3    --dir D --port P --access-key A --secret-key S [--bucket B]
 * </pre>
 * Prints {@code READY <endpoint>} once it answers; runs until SIGTERM.
 */
public final class StackServerMain {

    private StackServerMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || (!args[0].equals("kafka") && !args[0].equals("s3"))) {
            System.err.println("usage: stack-server kafka --dir D --port P --controller-port C"
                    + " | s3 --dir D --port P --access-key A --secret-key S [--bucket B]");
            System.exit(2);
            return;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        AutoCloseable server;
        String endpoint;
        try {
            Path dir = Path.of(required(options, "dir"));
            int port = Integer.parseInt(required(options, "port"));
            if (args[0].equals("kafka")) {
                EmbeddedKafka kafka = EmbeddedKafka.start(dir, port,
                        Integer.parseInt(options.getOrDefault("controller-port", "0")));
                server = kafka;
                endpoint = kafka.bootstrapServers();
            } else {
                EmbeddedS3 s3 = EmbeddedS3.start(dir, port, required(options, "access-key"), required(options, "secret-key"));
                if (options.containsKey("bucket")) {
                    s3.createBucket(options.get("bucket"));
                }
                server = s3;
                endpoint = s3.endpoint();
            }
        } catch (Exception e) {
            System.err.println(args[0] + " failed to start: " + e);
            e.printStackTrace();
            // Kafka leaves non-daemon threads behind: exit explicitly
            System.exit(1);
            return;
        }
        AutoCloseable started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception e) {
                System.err.println("error while stopping " + args[0] + ": " + e);
            }
            System.out.println("STOPPED " + endpoint);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "stack-server-shutdown"));
        System.out.println("READY " + endpoint);
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
