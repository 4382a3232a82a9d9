package io.latentlab.model.service;

import io.latentlab.ml.infer.RowReducer;

import java.util.List;

/**
 * One reducer at one k of a run (raw pixels included, as the identity) with the classifiers trained on its
 * codes; {@code best} is the one with the highest validation accuracy, as the report chooses. The reducer is in
 * its plain-Java row form: immutable, so concurrent requests share it without a lock.
 *
 * @param name  the job id without its architecture: raw, pca-k32, ae3-k64, dae20-k256
 * @param noise the noise factor a denoising autoencoder was trained at, else null
 * @param bytes what the reducer and its classifiers hold in memory (see {@link RunModels#bytes()})
 */
public record ReducerModels(String name, String kind, int k, Double noise, RowReducer reducer,
                            List<ClassifierModel> classifiers, ClassifierModel best, long bytes) {

    public boolean raw() {
        return kind.equals("raw");
    }
}
