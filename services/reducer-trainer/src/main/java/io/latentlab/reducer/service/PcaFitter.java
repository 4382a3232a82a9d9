package io.latentlab.reducer.service;

import io.latentlab.ml.data.Splits;
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
    public FittedReducer fit(Splits data, ReducerJob job) {
        PcaModel pca = PcaModel.fit(data.train().x(), job.getK());
        return new FittedReducer(pca, pca.toBytes(), pca.explainedVarianceRatio());
    }
}
