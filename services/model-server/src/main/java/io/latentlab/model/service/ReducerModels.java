package io.latentlab.model.service;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.reduce.Reducer;

import java.util.List;

/**
 * One reducer at one k of a run (raw pixels included, as the identity) with the classifiers trained on its
 * codes; {@code best} is the one with the highest validation accuracy, as the report chooses.
 *
 * @param name  the job id without its architecture: raw, pca-k32, ae3-k64, dae20-k256
 * @param noise the noise factor a denoising autoencoder was trained at, else null
 */
public record ReducerModels(String name, String kind, int k, Double noise, Reducer reducer,
                            List<ClassifierModel> classifiers, ClassifierModel best) {

    /** Code and reconstruction of one image. An autoencoder's forward pass keeps state in its layers: one at a time. */
    public FloatMatrix[] encodeDecode(FloatMatrix image) {
        synchronized (reducer) {
            FloatMatrix code = reducer.encode(image);
            return new FloatMatrix[] {code, reducer.decode(code)};
        }
    }

    public boolean raw() {
        return kind.equals("raw");
    }
}
