package io.latentlab.reducer.service;

import io.latentlab.ml.train.EpochListener;
import io.latentlab.proto.ReducerJob;

/** Fits one kind of reducer; one CDI bean per kind ("pca", "ae1", "ae3", "dae"). */
public interface ReducerFitter {

    String kind();

    FittedReducer fit(ReducerInput input, ReducerJob job, EpochListener listener);
}
