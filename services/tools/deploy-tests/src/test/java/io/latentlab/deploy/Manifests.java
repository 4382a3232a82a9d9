package io.latentlab.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The resources `kubectl kustomize k8s/overlays/<overlay>` renders, parsed; rendered once per overlay. */
record Manifests(String overlay, List<Map<String, Object>> resources) {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    static Manifests of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> new Manifests(o,
                Yaml.documents(Tool.run("kubectl", "kubectl", "kustomize", "k8s/overlays/" + o))));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name.equals(name(r))).findFirst();
    }

    static String name(Map<String, Object> resource) {
        return Yaml.string(resource, "metadata.name");
    }

    /** The pod template's spec of a Deployment, StatefulSet or Job. */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return Yaml.map(workload, "spec.template.spec");
    }

    /** Every pod template in the rendering (Deployments, StatefulSets, Jobs). */
    List<Map<String, Object>> workloads() {
        return resources.stream()
                .filter(r -> List.of("Deployment", "StatefulSet", "Job").contains(r.get("kind")))
                .toList();
    }

    /** The single Strimzi Kafka cluster. */
    Map<String, Object> kafka() {
        List<Map<String, Object>> clusters = ofKind("Kafka");
        if (clusters.size() != 1) {
            throw new AssertionError(overlay + ": expected one Strimzi Kafka, got " + clusters.size());
        }
        return clusters.get(0);
    }

    /**
     * The listener the services use: the only one (no plaintext side door), TLS with client authentication
     * (SCRAM-SHA-512 or mTLS).
     */
    Map<String, Object> clientListener() {
        List<Object> listeners = Yaml.list(kafka(), "spec.kafka.listeners");
        if (listeners.size() != 1) {
            throw new AssertionError(overlay + ": expected one Kafka listener, got " + listeners.size());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> listener = (Map<String, Object>) listeners.get(0);
        return listener;
    }

    /** host:port of the client listener's bootstrap Service, as the pods of the namespace address it. */
    String bootstrapServers() {
        return name(kafka()) + "-kafka-bootstrap:" + Yaml.string(clientListener(), "port");
    }

    /** topicName -> KafkaTopic. */
    Map<String, Map<String, Object>> kafkaTopics() {
        Map<String, Map<String, Object>> topics = new java.util.TreeMap<>();
        for (Map<String, Object> t : ofKind("KafkaTopic")) {
            String topicName = Objects.requireNonNullElse(Yaml.string(t, "spec.topicName"), name(t));
            topics.put(topicName, t);
        }
        return topics;
    }

    String namespaceOf(Map<String, Object> resource) {
        return Yaml.string(resource, "metadata.namespace");
    }
}
