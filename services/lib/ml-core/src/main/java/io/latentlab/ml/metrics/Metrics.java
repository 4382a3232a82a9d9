package io.latentlab.ml.metrics;

import io.latentlab.ml.data.FloatMatrix;

public final class Metrics {
    private Metrics() {
    }

    public static double accuracy(int[] y, int[] pred) {
        requireSameLength(y, pred);
        if (y.length == 0) {
            throw new IllegalArgumentException("accuracy of zero samples");
        }
        int hits = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == pred[i]) {
                hits++;
            }
        }
        return (double) hits / y.length;
    }

    /** counts[true][predicted]. */
    public static int[][] confusion(int[] y, int[] pred, int numClasses) {
        requireSameLength(y, pred);
        int[][] counts = new int[numClasses][numClasses];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses || pred[i] < 0 || pred[i] >= numClasses) {
                throw new IllegalArgumentException("class out of range 0.." + (numClasses - 1) + " at " + i
                        + ": true " + y[i] + ", predicted " + pred[i]);
            }
            counts[y[i]][pred[i]]++;
        }
        return counts;
    }

    /** Mean over rows of the mean squared element error, accumulated in double. */
    public static double meanSquaredError(FloatMatrix a, FloatMatrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("shapes differ: " + a.rows() + "x" + a.cols() + " vs "
                    + b.rows() + "x" + b.cols());
        }
        if (a.rows() == 0 || a.cols() == 0) {
            throw new IllegalArgumentException("MSE of an empty matrix");
        }
        float[] x = a.data();
        float[] z = b.data();
        int cols = a.cols();
        double total = 0;
        for (int r = 0; r < a.rows(); r++) {
            double rowSum = 0;
            for (int c = r * cols, end = c + cols; c < end; c++) {
                double d = (double) x[c] - z[c];
                rowSum += d * d;
            }
            total += rowSum / cols;
        }
        return total / a.rows();
    }

    private static void requireSameLength(int[] y, int[] pred) {
        if (y.length != pred.length) {
            throw new IllegalArgumentException(y.length + " labels but " + pred.length + " predictions");
        }
    }
}
