package io.latentlab.reducer.service;

import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.reduce.PcaModel;
import io.latentlab.proto.ReducerJob;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PcaFitter implements ReducerFitter {

    @Override
    public String kind() {
        return "pca";
    }

    @Override
    public FittedReducer fit(ReducerInput input, ReducerJob job, EpochListener listener) {
        // the covariance and its eigen-decomposition are this job's CPU-heavy part: in a training slot like an epoch
        PcaModel pca = listener.whileTraining(() -> PcaModel.fit(input.clean().train().x(), job.getK()));
        return new FittedReducer(pca, pca.toBytes(), pca.explainedVarianceRatio(), null, null);
    }
}
