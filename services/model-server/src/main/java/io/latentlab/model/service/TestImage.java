package io.latentlab.model.service;

/**
 * One image of a run's stored test split: its index, its class (label value {@code digit} and {@code className}), its
 * 784 pixels and its PNG as a data URL.
 */
public record TestImage(String runId, int index, int digit, String className, float[] pixels, String png) {
}
