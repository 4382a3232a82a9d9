package io.latentlab.reducer.service;

import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.data.Splits;

/**
 * What a reducer learns from: the clean splits and, for a denoising autoencoder, the noisy copies of
 * the same images (row for row).
 */
public record ReducerInput(Splits clean, Splits noisy) {

    public boolean denoising() {
        return noisy != null;
    }

    /** The split the reducer is fed (noisy for a denoising autoencoder); the clean one is its target. */
    public Splits fed() {
        return denoising() ? noisy : clean;
    }

    public static LabeledData[] each(Splits splits) {
        return new LabeledData[]{splits.train(), splits.val(), splits.test()};
    }
}
