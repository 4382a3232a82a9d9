package io.latentlab.reducer.service;

import io.latentlab.ml.reduce.Autoencoder;
import jakarta.enterprise.context.ApplicationScoped;

/** "ae3": 784 -> 400 -> k -> 400 -> 784. */
@ApplicationScoped
public class ThreeHiddenLayerFitter extends AutoencoderFitter {

    @Override
    public String kind() {
        return "ae3";
    }

    @Override
    int[] hidden(int k) {
        return Autoencoder.threeHidden(k);
    }
}
