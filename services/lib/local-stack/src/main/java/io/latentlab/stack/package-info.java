/**
 * local-stack: a real Kafka broker (KRaft) and an S3 endpoint (s3proxy) in one JVM, for {@code ./latentlab}
 * ({@link io.latentlab.stack.LocalStackMain}) and for the tests, so nothing needs Docker to run the pipeline.
 *
 * <p>May depend on it: test-support and the tests of any module (test scope); no service at runtime. It depends
 * on no module of {@code services/lib}.
 */
package io.latentlab.stack;
