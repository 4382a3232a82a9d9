package io.latentlab.ml.reduce;

import io.latentlab.ml.data.FloatMatrix;

/** Raw pixels as codes (the baseline). */
public final class IdentityReducer implements Reducer {
    private final int cols;

    public IdentityReducer(int cols) {
        if (cols <= 0) {
            throw new IllegalArgumentException("cols must be positive: " + cols);
        }
        this.cols = cols;
    }

    @Override
    public int codeSize() {
        return cols;
    }

    @Override
    public FloatMatrix encode(FloatMatrix x) {
        requireCols(x);
        return x;
    }

    @Override
    public FloatMatrix decode(FloatMatrix codes) {
        requireCols(codes);
        return codes;
    }

    private void requireCols(FloatMatrix m) {
        if (m.cols() != cols) {
            throw new IllegalArgumentException("expected " + cols + " columns, got " + m.cols());
        }
    }
}
