package io.latentlab.ml.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Adam exactly as ND4J's {@code adam_updater} op computes it, as one pass over heap copies of the flat
 * parameters and gradient: {@code alphat = lr·sqrt(1-β2^t)/(1-β1^t)}, {@code m = β1·m + (1-β1)·g},
 * {@code v = β2·v + (1-β2)·g²}, {@code p -= alphat·m/(sqrt(v)+ε)}, t counted from 1.
 * On heap because the JIT vectorizes plain array loops (≈ 0.25 ms per step for 400 k parameters,
 * copies included) while the op takes 2–5 ms and a loop over direct buffers ≈ 1 ms.
 */
final class FusedAdam {

    /** Parameters per chunk: the chunk's copies of parameters and gradient stay in the L1 cache. */
    static final int CHUNK = Integer.getInteger("latentlab.adam.chunk", 2048);

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Precision state;

    FusedAdam(Adam config, DataType dataType, int size) {
        this.lr = config.getLearningRate();
        this.beta1 = config.getBeta1();
        this.beta2 = config.getBeta2();
        this.epsilon = config.getEpsilon();
        this.state = dataType == DataType.DOUBLE ? new DoubleState(size) : new FloatState(size);
    }

    /** Loads m and v, e.g. from DL4J's updater state, so training continues where {@code fit()} left off. */
    void loadMoments(INDArray m, INDArray v) {
        state.load(m, v);
    }

    /** Updates {@code params} in place from {@code grad}; {@code iteration} counts from 0 like DL4J's. */
    void update(INDArray params, INDArray grad, int iteration) {
        double t = iteration + 1;
        double alphat = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        if (Double.isNaN(alphat) || Double.isInfinite(alphat) || alphat == 0) {
            alphat = epsilon; // as the op does
        }
        state.update(params, grad, alphat);
    }

    private interface Precision {
        void load(INDArray m, INDArray v);

        void update(INDArray params, INDArray grad, double alphat);
    }

    private final class FloatState implements Precision {
        private final int size;
        private final float[][] m;
        private final float[][] v;
        private final float[] p = new float[CHUNK];
        private final float[] g = new float[CHUNK];

        FloatState(int size) {
            this.size = size;
            int chunks = (size + CHUNK - 1) / CHUNK;
            m = new float[chunks][];
            v = new float[chunks][];
            for (int c = 0; c < chunks; c++) {
                int len = Math.min(CHUNK, size - c * CHUNK);
                m[c] = new float[len];
                v[c] = new float[len];
            }
        }

        @Override
        public void load(INDArray mArr, INDArray vArr) {
            float[] mAll = mArr.toFloatVector();
            float[] vAll = vArr.toFloatVector();
            for (int c = 0; c < m.length; c++) {
                System.arraycopy(mAll, c * CHUNK, m[c], 0, m[c].length);
                System.arraycopy(vAll, c * CHUNK, v[c], 0, v[c].length);
            }
        }

        @Override
        public void update(INDArray params, INDArray grad, double alphat) {
            FloatBuffer pBuf = params.data().asNioFloat();
            FloatBuffer gBuf = grad.data().asNioFloat();
            int pOff = (int) params.offset();
            int gOff = (int) grad.offset();
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float c1 = (float) (1 - beta1);
            float c2 = (float) (1 - beta2);
            float a = (float) alphat;
            float eps = (float) epsilon;
            for (int c = 0; c < m.length; c++) {
                float[] mc = m[c];
                float[] vc = v[c];
                int len = mc.length;
                int from = c * CHUNK;
                pBuf.get(pOff + from, p, 0, len);
                gBuf.get(gOff + from, g, 0, len);
                for (int i = 0; i < len; i++) {
                    float gi = g[i];
                    float mi = b1 * mc[i] + c1 * gi;
                    float vi = b2 * vc[i] + c2 * gi * gi;
                    mc[i] = mi;
                    vc[i] = vi;
                    p[i] -= a * mi / ((float) Math.sqrt(vi) + eps);
                }
                pBuf.put(pOff + from, p, 0, len);
            }
        }
    }

    private final class DoubleState implements Precision {
        private final double[] p;
        private final double[] g;
        private final double[] m;
        private final double[] v;

        DoubleState(int size) {
            p = new double[size];
            g = new double[size];
            m = new double[size];
            v = new double[size];
        }

        @Override
        public void load(INDArray mArr, INDArray vArr) {
            System.arraycopy(mArr.toDoubleVector(), 0, m, 0, m.length);
            System.arraycopy(vArr.toDoubleVector(), 0, v, 0, v.length);
        }

        @Override
        public void update(INDArray params, INDArray grad, double alphat) {
            DoubleBuffer pBuf = params.data().asNioDouble();
            pBuf.get((int) params.offset(), p);
            grad.data().asNioDouble().get((int) grad.offset(), g);
            for (int i = 0; i < p.length; i++) {
                double gi = g[i];
                double mi = beta1 * m[i] + (1 - beta1) * gi;
                double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] -= alphat * mi / (Math.sqrt(vi) + epsilon);
            }
            pBuf.put((int) params.offset(), p);
        }
    }
}
