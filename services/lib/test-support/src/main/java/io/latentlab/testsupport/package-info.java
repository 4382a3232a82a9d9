/**
 * test-support: what the services' Quarkus tests share — Kafka and S3 from local-stack as a Quarkus test
 * resource, an S3 JUnit extension, topic probes, stage events and tiny digit datasets.
 *
 * <p>May depend on it: the tests of pipeline-store, pipeline-runtime and the services (test scope only; never
 * main code). It depends on local-stack, ml-core, pipeline-kit and quarkus-junit.
 */
package io.latentlab.testsupport;
