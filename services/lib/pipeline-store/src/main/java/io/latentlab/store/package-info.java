/**
 * pipeline-store: pipeline-kit's artifact store as a CDI bean, configured by {@code latentlab.s3.*} (endpoint,
 * bucket, credentials from files or the environment), for every Quarkus service that reads or writes S3.
 *
 * <p>May depend on it: the Quarkus services — control and the model server directly, the five stages through
 * pipeline-runtime. Not the launcher (no Quarkus there). It depends on pipeline-kit and quarkus-arc only.
 */
package io.latentlab.store;
