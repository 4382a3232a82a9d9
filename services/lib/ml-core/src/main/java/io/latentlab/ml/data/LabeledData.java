package io.latentlab.ml.data;

/** Rows of x with class indices y (0..C-1). */
public record LabeledData(FloatMatrix x, int[] y) {
    public LabeledData {
        if (x.rows() != y.length) {
            throw new IllegalArgumentException(x.rows() + " rows but " + y.length + " labels");
        }
    }

    public int size() {
        return y.length;
    }
}
