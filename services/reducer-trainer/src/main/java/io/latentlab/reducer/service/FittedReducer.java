package io.latentlab.reducer.service;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.reduce.Reducer;
import io.latentlab.ml.train.TrainingOutcome;

/**
 * A trained reducer with what must be stored of it.
 *
 * @param outcome        epochs and loss curves of a trained network; null for PCA
 * @param encoderWeights one row of input weights per code unit (autoencoders); null for PCA
 */
public record FittedReducer(Reducer reducer, byte[] modelBytes, double explainedVariance,
                            TrainingOutcome outcome, FloatMatrix encoderWeights) {
}
