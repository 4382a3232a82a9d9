package io.latentlab.reducer.service;

import io.latentlab.ml.reduce.Autoencoder;
import jakarta.enterprise.context.ApplicationScoped;

/** "ae1": 784 -> k -> 784. */
@ApplicationScoped
public class OneHiddenLayerFitter extends AutoencoderFitter {

    @Override
    public String kind() {
        return "ae1";
    }

    @Override
    int[] hidden(int k) {
        return Autoencoder.oneHidden(k);
    }
}
