package io.latentlab.ml.classify;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import java.util.Arrays;

/** Per-feature (x − mean) / std from training data; a zero-std feature is only centred. */
public final class Standardizer {
    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std lengths differ: " + mean.length + " vs " + std.length);
        }
        this.mean = mean;
        this.std = std;
    }

    /** Population std (divided by n), accumulated in double. */
    public static Standardizer fit(FloatMatrix train) {
        int n = train.rows();
        int d = train.cols();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer on zero rows");
        }
        float[] x = train.data();
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x[r * d + c];
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        double[] var = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                double dev = x[r * d + c] - mean[c];
                var[c] += dev * dev;
            }
        }
        double[] std = new double[d];
        for (int c = 0; c < d; c++) {
            std[c] = Math.sqrt(var[c] / n);
        }
        return new Standardizer(mean, std);
    }

    public int size() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public FloatMatrix apply(FloatMatrix x) {
        if (x.cols() != mean.length) {
            throw new IllegalArgumentException("standardizer fitted on " + mean.length + " features, got " + x.cols());
        }
        int d = mean.length;
        double[] scale = new double[d];
        for (int c = 0; c < d; c++) {
            scale[c] = std[c] > 0 ? 1.0 / std[c] : 1.0;
        }
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < d; c++) {
                int i = r * d + c;
                out[i] = (float) ((in[i] - mean[c]) * scale[c]);
            }
        }
        return new FloatMatrix(x.rows(), d, out);
    }

    /** One '<f8' npy: the d means followed by the d standard deviations. */
    public byte[] toBytes() {
        double[] both = Arrays.copyOf(mean, 2 * mean.length);
        System.arraycopy(std, 0, both, mean.length, std.length);
        return Npy.writeDoubles(both);
    }

    public static Standardizer fromBytes(byte[] bytes) {
        double[] both = Npy.readDoubles(bytes);
        if (both.length % 2 != 0) {
            throw new IllegalArgumentException("standardizer data has odd length " + both.length);
        }
        int d = both.length / 2;
        return new Standardizer(Arrays.copyOf(both, d), Arrays.copyOfRange(both, d, 2 * d));
    }
}
