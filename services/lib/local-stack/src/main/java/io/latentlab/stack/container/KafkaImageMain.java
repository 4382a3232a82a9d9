package io.latentlab.stack.container;

import io.latentlab.stack.EmbeddedKafka;

import java.util.concurrent.CountDownLatch;

/**
 * The Kafka stand-in image's entrypoint (deploy/containers/standins): the project's KRaft broker configured
 * from the environment as the {@code apache/kafka} image is. Prints {@code READY <bootstrap>}; runs until SIGTERM.
 */
public final class KafkaImageMain {

    private KafkaImageMain() {
    }

    public static void main(String[] args) {
        EmbeddedKafka kafka;
        try {
            KafkaEnvironment env = KafkaEnvironment.of(System.getenv());
            kafka = EmbeddedKafka.start(env.serverProperties(), env.logDir(), env.clusterId(), env.localBootstrap());
        } catch (Exception e) {
            System.err.println("kafka failed to start: " + e);
            e.printStackTrace();
            // Kafka leaves non-daemon threads behind: exit explicitly
            System.exit(1);
            return;
        }
        EmbeddedKafka started = kafka;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            System.out.println("STOPPED");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "kafka-shutdown"));
        System.out.println("READY " + kafka.bootstrapServers());
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
