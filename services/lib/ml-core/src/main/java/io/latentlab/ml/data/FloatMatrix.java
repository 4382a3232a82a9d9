package io.latentlab.ml.data;

import java.util.Arrays;

/** A dense row-major matrix of floats. The array is shared, not copied: treat it as read-only. */
public record FloatMatrix(int rows, int cols, float[] data) {

    public FloatMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "shape " + rows + "x" + cols + " needs " + (long) rows * cols + " values, got " + data.length);
        }
    }

    public static FloatMatrix zeros(int rows, int cols) {
        return new FloatMatrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    public float get(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("(" + r + "," + c + ") outside " + rows + "x" + cols);
        }
        return data[r * cols + c];
    }

    /** A copy of row r. */
    public float[] row(int r) {
        java.util.Objects.checkIndex(r, rows);
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    /** A new matrix made of the given rows, in the given order (repeats allowed). */
    public FloatMatrix rowsAt(int[] idx) {
        float[] out = new float[Math.multiplyExact(idx.length, cols)];
        for (int i = 0; i < idx.length; i++) {
            java.util.Objects.checkIndex(idx[i], rows);
            System.arraycopy(data, idx[i] * cols, out, i * cols, cols);
        }
        return new FloatMatrix(idx.length, cols, out);
    }

    /** The first n rows (a copy). */
    public FloatMatrix head(int n) {
        if (n < 0 || n > rows) {
            throw new IllegalArgumentException("head(" + n + ") of " + rows + " rows");
        }
        return new FloatMatrix(n, cols, Arrays.copyOf(data, n * cols));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + "x" + cols + "]";
    }
}
