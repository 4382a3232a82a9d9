package io.latentlab.ml.reduce;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.io.ZipEntries;
import io.latentlab.ml.metrics.Metrics;
import io.latentlab.ml.nd4j.NdArrays;
import io.latentlab.ml.train.NativeThreads;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PCA by eigen-decomposition of the sample covariance (divided by n − 1), all statistics in double.
 * Codes are (x − mean)·W, reconstructions codes·Wᵀ + mean, W = the k leading eigenvectors.
 */
public final class PcaModel implements Reducer {
    private static final String BASIS = "basis.npy";
    private static final String VARIANCES = "variances.npy";

    private final float[] mean; // d
    private final FloatMatrix components; // k x d, one eigenvector per row
    private final double[] eigenvalues; // k, descending
    private final double totalVariance; // trace of the covariance

    private PcaModel(float[] mean, FloatMatrix components, double[] eigenvalues, double totalVariance) {
        if (components.cols() != mean.length || components.rows() != eigenvalues.length) {
            throw new IllegalArgumentException("inconsistent PCA model: mean " + mean.length + ", components "
                    + components.rows() + "x" + components.cols() + ", eigenvalues " + eigenvalues.length);
        }
        this.mean = mean;
        this.components = components;
        this.eigenvalues = eigenvalues;
        this.totalVariance = totalVariance;
    }

    public static PcaModel fit(FloatMatrix train, int k) {
        int n = train.rows();
        int d = train.cols();
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("k must be in 1.." + d + ", got " + k);
        }
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
        }
        NativeThreads.pinToOne(); // one native thread for the covariance and eigensolver: the fit holds one slot, one core
        double[] meanD = columnMeans(train);
        double[] centred = new double[n * d];
        float[] x = train.data();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                centred[r * d + c] = x[r * d + c] - meanD[c];
            }
        }
        INDArray xc = Nd4j.create(centred, new long[] {n, d}, DataType.DOUBLE);
        // A fresh C-ordered buffer: the LAPACK call below works on the raw buffer of its argument.
        INDArray cov = xc.transpose().mmul(xc).divi(n - 1).dup('c');
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += cov.getDouble(i, i);
        }

        // Overwrites cov with eigenvectors as columns; eigenvalues ascending.
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(cov, true);
        double[] ascending = values.toDoubleVector();
        double[][] vectors = cov.toDoubleMatrix();

        float[] comps = new float[k * d];
        double[] kept = new double[k];
        for (int i = 0; i < k; i++) {
            int col = d - 1 - i;
            kept[i] = ascending[col];
            for (int j = 0; j < d; j++) {
                comps[i * d + j] = (float) vectors[j][col];
            }
        }
        float[] meanF = new float[d];
        for (int c = 0; c < d; c++) {
            meanF[c] = (float) meanD[c];
        }
        return new PcaModel(meanF, new FloatMatrix(k, d, comps), kept, trace);
    }

    @Override
    public int codeSize() {
        return components.rows();
    }

    public int inputSize() {
        return mean.length;
    }

    /** Kept eigenvalues of the covariance, largest first (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Trace of the training covariance: the total variance. */
    public double totalVariance() {
        return totalVariance;
    }

    public double explainedVarianceRatio() {
        return Arrays.stream(eigenvalues).sum() / totalVariance;
    }

    /** Mean (d) as a copy. */
    public float[] mean() {
        return mean.clone();
    }

    /** k x d, one unit eigenvector per row. */
    public FloatMatrix components() {
        return components;
    }

    @Override
    public FloatMatrix encode(FloatMatrix x) {
        requireCols(x, mean.length, "encode");
        INDArray centred = NdArrays.toFloatArray(x).subiRowVector(Nd4j.create(mean, new long[] {1, mean.length}));
        return NdArrays.toFloatMatrix(centred.mmul(NdArrays.toFloatArray(components).transpose()));
    }

    @Override
    public FloatMatrix decode(FloatMatrix codes) {
        requireCols(codes, codeSize(), "decode");
        INDArray recon = NdArrays.toFloatArray(codes).mmul(NdArrays.toFloatArray(components));
        return NdArrays.toFloatMatrix(recon.addiRowVector(Nd4j.create(mean, new long[] {1, mean.length})));
    }

    /** Mean over images of the mean squared pixel error of decode(encode(x)). */
    public double reconstructionMse(FloatMatrix x) {
        return Metrics.meanSquaredError(x, decode(encode(x)));
    }

    /** A zip: basis.npy ((k+1) x d float32, row 0 = mean) and variances.npy ([trace, eigenvalues...]). */
    public byte[] toBytes() {
        int d = mean.length;
        float[] basis = new float[(codeSize() + 1) * d];
        System.arraycopy(mean, 0, basis, 0, d);
        System.arraycopy(components.data(), 0, basis, d, components.data().length);
        double[] variances = new double[eigenvalues.length + 1];
        variances[0] = totalVariance;
        System.arraycopy(eigenvalues, 0, variances, 1, eigenvalues.length);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(BASIS, Npy.write(new FloatMatrix(codeSize() + 1, d, basis)));
        entries.put(VARIANCES, Npy.writeDoubles(variances));
        return ZipEntries.write(entries);
    }

    public static PcaModel fromBytes(byte[] bytes) {
        Map<String, byte[]> entries = ZipEntries.read(bytes);
        FloatMatrix basis = Npy.readFloatMatrix(ZipEntries.require(entries, BASIS, "PCA model"));
        double[] variances = Npy.readDoubles(ZipEntries.require(entries, VARIANCES, "PCA model"));
        int d = basis.cols();
        int k = basis.rows() - 1;
        if (k < 1 || variances.length != k + 1) {
            throw new IllegalArgumentException("corrupt PCA model: basis " + basis.rows() + "x" + d + ", "
                    + variances.length + " variances");
        }
        float[] mean = Arrays.copyOf(basis.data(), d);
        float[] comps = Arrays.copyOfRange(basis.data(), d, basis.data().length);
        return new PcaModel(mean, new FloatMatrix(k, d, comps), Arrays.copyOfRange(variances, 1, k + 1),
                variances[0]);
    }

    static double[] columnMeans(FloatMatrix m) {
        double[] sums = new double[m.cols()];
        float[] x = m.data();
        int d = m.cols();
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < d; c++) {
                sums[c] += x[r * d + c];
            }
        }
        for (int c = 0; c < d; c++) {
            sums[c] /= m.rows();
        }
        return sums;
    }

    private static void requireCols(FloatMatrix m, int expected, String op) {
        if (m.cols() != expected) {
            throw new IllegalArgumentException(op + ": expected " + expected + " columns, got " + m.cols());
        }
    }
}
