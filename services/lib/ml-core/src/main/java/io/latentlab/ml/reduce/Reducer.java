package io.latentlab.ml.reduce;

import io.latentlab.ml.data.FloatMatrix;

/** Maps images (rows) to codes and back. */
public interface Reducer {
    int codeSize();

    FloatMatrix encode(FloatMatrix x);

    FloatMatrix decode(FloatMatrix codes);
}
