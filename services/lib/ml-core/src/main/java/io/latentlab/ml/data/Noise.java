package io.latentlab.ml.data;

import java.util.Random;

/** The study's noise injection for the denoising autoencoders. */
public final class Noise {
    private Noise() {
    }

    /**
     * clip(x + factor·N(0, 1), 0, 1), one draw per pixel, rows in order, from {@code java.util.Random(seed)}:
     * its Gaussian is specified exactly by the JDK, so the same input gives the same bytes on every JVM.
     */
    public static FloatMatrix gaussian(FloatMatrix clean, double factor, long seed) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("noise factor must be finite and >= 0, got " + factor);
        }
        Random random = new Random(seed);
        float[] in = clean.data();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            double noisy = in[i] + factor * random.nextGaussian();
            out[i] = (float) Math.min(1.0, Math.max(0.0, noisy));
        }
        return new FloatMatrix(clean.rows(), clean.cols(), out);
    }
}
