package io.latentlab.ml.reduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentlab.ml.MnistTestFiles;
import io.latentlab.ml.data.DigitSplitter;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.Splits;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaModelTest {

    private static FloatMatrix mnistSubset(int n) {
        return MnistTestFiles.mnist().trainImages().head(n);
    }

    @Test
    void reconstructionErrorFallsWithKAndMatchesDiscardedVariance() {
        FloatMatrix train = mnistSubset(2000);
        FloatMatrix held = MnistTestFiles.mnist().testImages().head(500);
        PcaModel full = PcaModel.fit(train, 784);
        double[] all = full.eigenvalues();
        double previousTrain = Double.POSITIVE_INFINITY;
        double previousHeld = Double.POSITIVE_INFINITY;
        double previousRatio = 0;
        for (int k : new int[] {8, 16, 32, 64}) {
            PcaModel pca = PcaModel.fit(train, k);
            double mse = pca.reconstructionMse(train);
            assertThat(mse).isLessThan(previousTrain);
            assertThat(pca.reconstructionMse(held)).isLessThan(previousHeld);
            assertThat(pca.explainedVarianceRatio()).isGreaterThan(previousRatio).isLessThan(1);
            previousTrain = mse;
            previousHeld = pca.reconstructionMse(held);
            previousRatio = pca.explainedVarianceRatio();

            // On training data: MSE = (n-1)/n * (trace - sum of the top k eigenvalues) / d.
            double discarded = Arrays.stream(all, k, all.length).sum();
            double expected = discarded * (train.rows() - 1) / train.rows() / train.cols();
            assertThat(mse).isCloseTo(expected, within(expected * 1e-4));
            assertThat(pca.eigenvalues()).containsExactly(Arrays.copyOf(all, k), within(1e-9));
        }
        assertThat(previousRatio).as("64 components explain most of MNIST's variance").isBetween(0.8, 0.92);
        assertThat(full.explainedVarianceRatio()).isCloseTo(1.0, within(1e-9));
        assertThat(full.reconstructionMse(train)).isLessThan(1e-9);
        assertThat(full.reconstructionMse(held)).isLessThan(1e-9);
    }

    @Test
    void componentsAreOrthonormal() {
        PcaModel pca = PcaModel.fit(mnistSubset(1000), 20);
        FloatMatrix w = pca.components();
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 20; j++) {
                double dot = 0;
                for (int c = 0; c < w.cols(); c++) {
                    dot += (double) w.get(i, c) * w.get(j, c);
                }
                assertThat(dot).isCloseTo(i == j ? 1 : 0, within(1e-5));
            }
        }
    }

    @Test
    void agreesWithIndependentJacobiOnSyntheticData() {
        int d = 20;
        int n = 5000;
        Random rnd = new Random(3);
        double[][] q = randomOrthogonal(d, rnd);
        double[] trueVariances = new double[d];
        for (int i = 0; i < d; i++) {
            trueVariances[i] = 40.0 / (i + 1);
        }
        float[] x = new float[n * d];
        for (int r = 0; r < n; r++) {
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                z[i] = rnd.nextGaussian() * Math.sqrt(trueVariances[i]);
            }
            for (int c = 0; c < d; c++) {
                double v = 3.0 + c; // non-zero mean
                for (int i = 0; i < d; i++) {
                    v += z[i] * q[i][c];
                }
                x[r * d + c] = (float) v;
            }
        }
        FloatMatrix data = new FloatMatrix(n, d, x);
        JacobiEigen reference = new JacobiEigen(sampleCovariance(data));

        PcaModel pca = PcaModel.fit(data, 5);
        assertThat(pca.eigenvalues()).containsExactly(Arrays.copyOf(reference.values, 5), within(1e-6));
        double trace = Arrays.stream(reference.values).sum();
        assertThat(pca.totalVariance()).isCloseTo(trace, within(1e-6));
        assertThat(pca.explainedVarianceRatio())
                .isCloseTo(Arrays.stream(reference.values, 0, 5).sum() / trace, within(1e-9));
        for (int i = 0; i < 5; i++) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += pca.components().get(i, c) * reference.vectors[i][c];
            }
            assertThat(Math.abs(dot)).as("component %d is the reference eigenvector up to sign", i)
                    .isCloseTo(1.0, within(1e-5));
            // The sample recovers the generating variances to within sampling error.
            assertThat(pca.eigenvalues()[i]).isCloseTo(trueVariances[i], within(trueVariances[i] * 0.1));
        }
    }

    @Test
    void studySizedFitIsFastAndSerializesExactly() {
        Splits s = DigitSplitter.split(MnistTestFiles.mnist(), new int[] {0, 1, 2, 4, 7}, 2277, 759, 759, 1);
        long start = System.nanoTime();
        PcaModel pca = PcaModel.fit(s.train().x(), 256);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("PCA fit on %d x %d (k=256): %.2f s%n", s.train().size(), 784, seconds);
        assertThat(seconds).isLessThan(20);
        assertThat(pca.explainedVarianceRatio()).isGreaterThan(0.9);

        start = System.nanoTime();
        FloatMatrix codes = pca.encode(s.train().x());
        FloatMatrix recon = pca.decode(codes);
        System.out.printf("PCA encode+decode of %d rows: %.2f s, train MSE %.5f, val MSE %.5f%n",
                s.train().size(), (System.nanoTime() - start) / 1e9,
                io.latentlab.ml.metrics.Metrics.meanSquaredError(s.train().x(), recon),
                pca.reconstructionMse(s.val().x()));
        assertThat(codes.rows()).isEqualTo(11385);
        assertThat(codes.cols()).isEqualTo(256);

        PcaModel restored = PcaModel.fromBytes(pca.toBytes());
        assertThat(restored.codeSize()).isEqualTo(256);
        assertThat(restored.eigenvalues()).containsExactly(pca.eigenvalues());
        assertThat(restored.explainedVarianceRatio()).isEqualTo(pca.explainedVarianceRatio());
        FloatMatrix sample = s.test().x().head(50);
        assertThat(restored.encode(sample)).isEqualTo(pca.encode(sample));
    }

    @Test
    void rejectsBadArguments() {
        FloatMatrix m = FloatMatrix.zeros(10, 4);
        assertThatThrownBy(() -> PcaModel.fit(m, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PcaModel.fit(m, 0)).isInstanceOf(IllegalArgumentException.class);
        PcaModel pca = PcaModel.fit(new FloatMatrix(3, 2, new float[] {0, 0, 1, 1, 2, 2.5f}), 1);
        assertThatThrownBy(() -> pca.encode(FloatMatrix.zeros(1, 3))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityReducerPassesPixelsThrough() {
        FloatMatrix m = new FloatMatrix(1, 3, new float[] {0.1f, 0.2f, 0.3f});
        IdentityReducer id = new IdentityReducer(3);
        assertThat(id.codeSize()).isEqualTo(3);
        assertThat(id.decode(id.encode(m))).isEqualTo(m);
        assertThatThrownBy(() -> id.encode(FloatMatrix.zeros(1, 4))).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[][] sampleCovariance(FloatMatrix m) {
        int n = m.rows();
        int d = m.cols();
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += m.get(r, c);
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        double[][] cov = new double[d][d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double di = m.get(r, i) - mean[i];
                for (int j = 0; j < d; j++) {
                    cov[i][j] += di * (m.get(r, j) - mean[j]);
                }
            }
        }
        for (double[] row : cov) {
            for (int j = 0; j < d; j++) {
                row[j] /= n - 1;
            }
        }
        return cov;
    }

    private static double[][] randomOrthogonal(int d, Random rnd) {
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < d; c++) {
                q[i][c] = rnd.nextGaussian();
            }
            for (int j = 0; j < i; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += q[i][c] * q[j][c];
                }
                for (int c = 0; c < d; c++) {
                    q[i][c] -= dot * q[j][c];
                }
            }
            double norm = Math.sqrt(Arrays.stream(q[i]).map(v -> v * v).sum());
            for (int c = 0; c < d; c++) {
                q[i][c] /= norm;
            }
        }
        return q;
    }
}
