package io.latentlab.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What one service's application.properties declares: its config keys, channels, topics, consumer groups. */
record ServiceConfig(String service, Properties properties) {

    /** Variables read by the image's entrypoint or run-java.sh, not by Quarkus config. */
    static final Set<String> RUNTIME_VARIABLES = Set.of("OMP_NUM_THREADS", "LATENTLAB_WORKERS", "JAVA_OPTS_APPEND",
            "JAVA_MAX_MEM_RATIO", "JAVA_OPTS");

    /**
     * Kafka client settings given as environment variables: Quarkus passes every {@code kafka.*} property,
     * also in its env form (KAFKA_SASL_JAAS_CONFIG = sasl.jaas.config), to all of a service's Kafka clients
     * (the "default-kafka-broker" configuration). Kubernetes sets these for TLS + SCRAM (docs/security.md).
     */
    static final Set<String> KAFKA_CLIENT_VARIABLES = Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");

    static ServiceConfig of(String service) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read("services/" + service + "/src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceConfig(service, properties);
    }

    /** Quarkus's environment-variable form of a property: non-alphanumerics to '_', upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** True if this env variable sets one of the service's properties, or is a known runtime variable. */
    boolean reads(String envVariable) {
        return RUNTIME_VARIABLES.contains(envVariable)
                || (KAFKA_CLIENT_VARIABLES.contains(envVariable) && properties.stringPropertyNames().stream()
                        .anyMatch(p -> p.startsWith("kafka.") || p.endsWith(".connector")))
                || properties.stringPropertyNames().stream().anyMatch(p -> envName(p).equals(envVariable));
    }

    /** True if the service has a Kafka client: a bootstrap address or a messaging connector. */
    boolean usesKafka() {
        return properties.stringPropertyNames().stream().anyMatch(p -> p.equals("kafka.bootstrap.servers")
                || p.startsWith("mp.messaging."));
    }

    /** Incoming channel name -> topic. */
    Map<String, String> incomingTopics() {
        return channelProperty("mp.messaging.incoming.", ".topic");
    }

    /** Outgoing channel name -> topic. */
    Map<String, String> outgoingTopics() {
        return channelProperty("mp.messaging.outgoing.", ".topic");
    }

    /** The dead-letter topics of the incoming channels. */
    Set<String> deadLetterTopics() {
        return properties.stringPropertyNames().stream()
                .filter(p -> p.startsWith("mp.messaging.incoming.") && p.endsWith(".dead-letter-queue.topic"))
                .map(properties::getProperty)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The consumer group of the incoming channel that reads this topic. */
    Optional<String> consumerGroupOf(String topic) {
        return incomingTopics().entrySet().stream()
                .filter(e -> e.getValue().equals(topic))
                .map(e -> properties.getProperty("mp.messaging.incoming." + e.getKey() + ".group.id"))
                .filter(g -> g != null)
                .findFirst();
    }

    /** Every topic the service reads, writes or dead-letters to. */
    Set<String> topics() {
        return properties.stringPropertyNames().stream()
                .filter(p -> p.startsWith("mp.messaging.") && (p.endsWith(".topic")))
                .map(properties::getProperty)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private Map<String, String> channelProperty(String prefix, String suffix) {
        Map<String, String> byChannel = new TreeMap<>();
        for (String p : properties.stringPropertyNames()) {
            if (p.startsWith(prefix) && p.endsWith(suffix)) {
                String channel = p.substring(prefix.length(), p.length() - suffix.length());
                if (!channel.contains(".")) {
                    byChannel.put(channel, properties.getProperty(p));
                }
            }
        }
        return byChannel;
    }
}
