package io.latentlab.stack.container;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The broker configuration of the {@code apache/kafka} image's environment: every {@code KAFKA_*} variable
 * is a server property ({@code KAFKA_LOG_DIRS} is {@code log.dirs}; {@code __} is {@code _}, {@code ___} is
 * {@code -}), {@code CLUSTER_ID} formats the storage. The same rules as the image's launch script, so that
 * docker-compose.yml configures the stand-in exactly as it configures the real broker.
 */
record KafkaEnvironment(Properties serverProperties, String clusterId) {

    /** The image's JVM and logging settings: environment, not server properties. */
    private static final Set<String> NOT_PROPERTIES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS", "KAFKA_LOG4J_OPTS",
            "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_HOSTNAME");

    static KafkaEnvironment of(Map<String, String> env) {
        Properties properties = new Properties();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !NOT_PROPERTIES.contains(name)) {
                properties.put(propertyName(name.substring("KAFKA_".length())), value);
            }
        });
        for (String required : new String[] {"process.roles", "node.id", "listeners", "log.dirs"}) {
            if (!properties.containsKey(required)) {
                throw new IllegalArgumentException("KAFKA_" + required.replace('.', '_').toUpperCase()
                        + " is not set (the stand-in, like apache/kafka, takes its configuration from KAFKA_* variables)");
            }
        }
        String clusterId = env.get("CLUSTER_ID");
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("CLUSTER_ID is not set (a base64 UUID: kafka-storage.sh random-uuid)");
        }
        return new KafkaEnvironment(properties, clusterId);
    }

    static String propertyName(String variable) {
        return variable.toLowerCase().replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    Path logDir() {
        return Path.of(serverProperties.getProperty("log.dirs").split(",")[0]);
    }

    /** 127.0.0.1 on the port of the inter-broker listener (PLAINTEXT unless set): where readiness is asked. */
    String localBootstrap() {
        String name = serverProperties.getProperty("inter.broker.listener.name", "PLAINTEXT");
        for (String listener : serverProperties.getProperty("listeners").split(",")) {
            if (listener.trim().startsWith(name + "://")) {
                return "127.0.0.1:" + listener.substring(listener.lastIndexOf(':') + 1);
            }
        }
        throw new IllegalArgumentException("KAFKA_LISTENERS has no " + name + " listener: "
                + serverProperties.getProperty("listeners"));
    }
}
