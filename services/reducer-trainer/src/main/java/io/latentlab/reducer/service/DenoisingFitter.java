package io.latentlab.reducer.service;

import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.reduce.Autoencoder;
import io.latentlab.proto.ReducerJob;
import jakarta.enterprise.context.ApplicationScoped;

/** "dae": the one-hidden-layer autoencoder fed noisy images, trained towards the clean ones. */
@ApplicationScoped
public class DenoisingFitter extends AutoencoderFitter {

    @Override
    public String kind() {
        return "dae";
    }

    @Override
    int[] hidden(int k) {
        return Autoencoder.oneHidden(k);
    }

    @Override
    public FittedReducer fit(ReducerInput input, ReducerJob job, EpochListener listener) {
        if (!input.denoising()) {
            throw new IllegalArgumentException("job " + job.getJobId() + " names no noisy dataset");
        }
        return super.fit(input, job, listener);
    }
}
