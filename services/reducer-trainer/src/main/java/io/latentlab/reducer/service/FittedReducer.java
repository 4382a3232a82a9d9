package io.latentlab.reducer.service;

import io.latentlab.ml.reduce.Reducer;

/** A trained reducer with what must be stored of it. */
public record FittedReducer(Reducer reducer, byte[] modelBytes, double explainedVariance) {
}
