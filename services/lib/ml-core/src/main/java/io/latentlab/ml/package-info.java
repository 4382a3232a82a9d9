/**
 * ml-core: the study's machine learning on DL4J/ND4J, without Kafka, S3 or Quarkus — MNIST data and IDX/npy
 * files ({@code data}, {@code io}), images, the reducers (PCA, autoencoders: {@code reduce}), the MLP classifier
 * ({@code classify}), training with checkpoints and early stopping ({@code train}), inference for the model
 * server ({@code infer}) and metrics.
 *
 * <p>May depend on it: pipeline-runtime (so the stages), the model server, ml-bench, test-support; the launcher
 * only for dataset descriptors and checksums, with its ND4J dependencies excluded. It depends on no module of
 * {@code services/lib}.
 */
package io.latentlab.ml;
