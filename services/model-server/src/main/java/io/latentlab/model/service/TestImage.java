package io.latentlab.model.service;

/** One image of a run's stored test split: its index, its digit, its 784 pixels and its PNG as a data URL. */
public record TestImage(String runId, int index, int digit, float[] pixels, String png) {
}
