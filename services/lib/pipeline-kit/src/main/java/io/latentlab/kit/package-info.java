/**
 * pipeline-kit: the pipeline's shared facts and plumbing in plain Java, no Quarkus and no ML library — topics
 * ({@link io.latentlab.kit.Topics}), stages ({@link io.latentlab.kit.Stages}), the run-id rule and generator
 * ({@link io.latentlab.kit.RunIds}), the object store and its key layout ({@code store}), event and request codecs
 * ({@code codec}), job keys and plans ({@code jobs}, {@code plan}), progress, replay, report and chart helpers.
 *
 * <p>May depend on it: everything — the launcher (which must stay a small JVM without Quarkus or ND4J),
 * pipeline-store, pipeline-runtime and through them every service, the tests. It depends on latentlab-proto and
 * client libraries only (Kafka clients, MinIO, Jackson); never on another module of {@code services/lib}.
 */
package io.latentlab.kit;
