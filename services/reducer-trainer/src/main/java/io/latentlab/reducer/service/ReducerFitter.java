package io.latentlab.reducer.service;

import io.latentlab.ml.data.Splits;
import io.latentlab.proto.ReducerJob;

/** Fits one kind of reducer; one CDI bean per kind ("pca", later the autoencoders). */
public interface ReducerFitter {

    String kind();

    FittedReducer fit(Splits data, ReducerJob job);
}
