package io.latentlab.reducer.service;

import io.latentlab.kit.plan.RepeatSeeds;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.reduce.Autoencoder;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.TrainingSettings;

/**
 * The autoencoders of docs/study.md: trained on the fed split (noisy for a denoising one) to reproduce the
 * clean images, early stopping on validation MSE with the request's reducer training settings.
 */
abstract class AutoencoderFitter implements ReducerFitter {

    abstract int[] hidden(int k);

    @Override
    public FittedReducer fit(ReducerInput input, ReducerJob job, EpochListener listener) {
        TrainingSettings settings = job.getRequest().getReducerTraining();
        TrainingConfig config = new TrainingConfig(settings.getLearningRate(), settings.getBatchSize(),
                settings.getMaxEpochs(), settings.getPatience(), RepeatSeeds.seedOf(job));
        Autoencoder autoencoder = Autoencoder.train(input.fed().train().x(), input.clean().train().x(),
                input.fed().val().x(), input.clean().val().x(), hidden(job.getK()), config, listener);
        return new FittedReducer(autoencoder, autoencoder.toBytes(), 0, autoencoder.outcome(),
                autoencoder.encoderWeights());
    }
}
