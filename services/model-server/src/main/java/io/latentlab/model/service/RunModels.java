package io.latentlab.model.service;

import io.latentlab.ml.data.FloatMatrix;

import java.util.List;

/**
 * Everything the server needs of a completed run: its reducers (raw pixels first) with their classifiers, the
 * digits the classes stand for, and the stored test split (for "a random test image" and the accuracy check).
 */
public record RunModels(String runId, List<Integer> digits, List<ReducerModels> reducers, FloatMatrix testImages,
                        int[] testLabels) {
}
