package io.latentlab.ml.infer;

import io.latentlab.ml.reduce.Autoencoder;
import io.latentlab.ml.reduce.IdentityReducer;
import io.latentlab.ml.reduce.PcaModel;
import io.latentlab.ml.reduce.Reducer;

/**
 * A trained reducer for one image at a time, in plain Java (see {@link DenseStack} for why): the same codes and
 * reconstructions as the reducer's own encode/decode, to float rounding.
 */
public interface RowReducer {

    float[] encode(float[] image);

    float[] decode(float[] code);

    static RowReducer of(Reducer reducer) {
        if (reducer instanceof Autoencoder ae) {
            DenseStack encoder = DenseStack.of(ae.network(), 0, ae.codeLayerIndex() + 1);
            DenseStack decoder = DenseStack.of(ae.network(), ae.codeLayerIndex() + 1, ae.network().getnLayers());
            return new RowReducer() {
                @Override
                public float[] encode(float[] image) {
                    return encoder.apply(image);
                }

                @Override
                public float[] decode(float[] code) {
                    return decoder.apply(code);
                }
            };
        }
        if (reducer instanceof PcaModel pca) {
            return new PcaRows(pca.mean(), pca.components().data().clone(), pca.codeSize());
        }
        if (reducer instanceof IdentityReducer) {
            return new RowReducer() {
                @Override
                public float[] encode(float[] image) {
                    return image;
                }

                @Override
                public float[] decode(float[] code) {
                    return code;
                }
            };
        }
        throw new IllegalArgumentException("no row form of " + reducer.getClass().getSimpleName());
    }

    /** code = (x − mean)·Wᵀ, reconstruction = code·W + mean; W is k × d, one component per row. */
    record PcaRows(float[] mean, float[] components, int k) implements RowReducer {

        @Override
        public float[] encode(float[] image) {
            int d = mean.length;
            float[] centred = new float[d];
            for (int c = 0; c < d; c++) {
                centred[c] = image[c] - mean[c];
            }
            float[] code = new float[k];
            for (int i = 0; i < k; i++) {
                float sum = 0;
                int row = i * d;
                for (int c = 0; c < d; c++) {
                    sum += centred[c] * components[row + c];
                }
                code[i] = sum;
            }
            return code;
        }

        @Override
        public float[] decode(float[] code) {
            int d = mean.length;
            float[] image = mean.clone();
            for (int i = 0; i < k; i++) {
                float ci = code[i];
                int row = i * d;
                for (int c = 0; c < d; c++) {
                    image[c] += ci * components[row + c];
                }
            }
            return image;
        }
    }
}
