package io.latentlab.model.service;

import io.latentlab.ml.data.FloatMatrix;

import java.util.List;

/**
 * Everything the server needs of a completed run: its reducers (raw pixels first) with their classifiers, the
 * label values the classes stand for ({@code digits}) and their names (the dataset's: "T-shirt/top"; MNIST's: "7"),
 * and the stored test split (for "a random test image" and the accuracy check).
 *
 * @param bytes what the run holds in memory: its models' parameters (floats in the row forms, the standardizers'
 *              doubles) and the test split; {@link ModelCache} is bounded by their sum
 */
public record RunModels(String runId, List<Integer> digits, List<String> classNames, List<ReducerModels> reducers,
                        FloatMatrix testImages, int[] testLabels, long bytes) {
}
