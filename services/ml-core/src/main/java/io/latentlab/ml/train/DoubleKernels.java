package io.latentlab.ml.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.util.Arrays;

import static io.latentlab.ml.train.ElementKernels.columns;
import static io.latentlab.ml.train.ElementKernels.rowStart;
import static io.latentlab.ml.train.ElementKernels.rows;

/** {@link FloatKernels} for double networks (the gradient checks), a copy because each loop must work on one primitive type. */
final class DoubleKernels implements ElementKernels {

    private final double[] a;
    private final double[] b;
    private final double[] sum;
    private final double[] sum2;

    DoubleKernels(int maxColumns) {
        a = new double[maxColumns];
        b = new double[maxColumns];
        sum = new double[maxColumns];
        sum2 = new double[maxColumns];
    }

    @Override
    public void fillRows(INDArray out, INDArray bias) {
        int cols = columns(out);
        nio(bias).get(rowStart(bias), a, 0, cols);
        DoubleBuffer o = nio(out);
        int start = rowStart(out);
        for (int r = 0, rows = rows(out); r < rows; r++) {
            o.put(start + r * cols, a, 0, cols);
        }
    }

    @Override
    public double sigmoidMseDelta(INDArray p, INDArray y, INDArray delta, INDArray gradB, double scale) {
        int rows = rows(p);
        int cols = columns(p);
        DoubleBuffer pb = nio(p), yb = nio(y), db = nio(delta);
        int pStart = rowStart(p), yStart = rowStart(y), dStart = rowStart(delta);
        double s = scale;
        Arrays.fill(sum, 0, cols, 0d);
        Arrays.fill(sum2, 0, cols, 0d);
        for (int r = 0; r < rows; r++) {
            pb.get(pStart + r * cols, a, 0, cols);
            yb.get(yStart + r * cols, b, 0, cols);
            for (int j = 0; j < cols; j++) {
                double pj = a[j];
                double e = pj - b[j];
                sum2[j] += e * e;
                double d = e * ((1 - pj) * pj) * s;
                a[j] = d;
                sum[j] += d;
            }
            db.put(dStart + r * cols, a, 0, cols);
        }
        nio(gradB).put(rowStart(gradB), sum, 0, cols);
        return total(sum2, cols);
    }

    @Override
    public double softmaxXentDelta(INDArray p, INDArray y, INDArray delta, INDArray gradB, double scale, double clipEps) {
        int rows = rows(p);
        int cols = columns(p);
        DoubleBuffer pb = nio(p), yb = nio(y), db = nio(delta);
        int pStart = rowStart(p), yStart = rowStart(y), dStart = rowStart(delta);
        double s = scale;
        double lo = clipEps;
        double hi = (1 - clipEps);
        boolean clip = clipEps > 0;
        double loss = 0;
        Arrays.fill(sum, 0, cols, 0d);
        for (int r = 0; r < rows; r++) {
            pb.get(pStart + r * cols, a, 0, cols);
            yb.get(yStart + r * cols, b, 0, cols);
            for (int j = 0; j < cols; j++) {
                double pj = clip ? Math.min(Math.max(a[j], lo), hi) : a[j];
                loss += b[j] * Math.log(pj);
            }
            for (int j = 0; j < cols; j++) {
                double d = (a[j] - b[j]) * s;
                a[j] = d;
                sum[j] += d;
            }
            db.put(dStart + r * cols, a, 0, cols);
        }
        nio(gradB).put(rowStart(gradB), sum, 0, cols);
        return -loss;
    }

    @Override
    public void sigmoidBackward(INDArray delta, INDArray s, INDArray gradB) {
        int rows = rows(delta);
        int cols = columns(delta);
        DoubleBuffer db = nio(delta), sb = nio(s);
        int dStart = rowStart(delta), sStart = rowStart(s);
        Arrays.fill(sum, 0, cols, 0d);
        for (int r = 0; r < rows; r++) {
            db.get(dStart + r * cols, a, 0, cols);
            sb.get(sStart + r * cols, b, 0, cols);
            for (int j = 0; j < cols; j++) {
                double sj = b[j];
                double d = a[j] * ((1 - sj) * sj);
                a[j] = d;
                sum[j] += d;
            }
            db.put(dStart + r * cols, a, 0, cols);
        }
        nio(gradB).put(rowStart(gradB), sum, 0, cols);
    }

    @Override
    public void columnSums(INDArray delta, INDArray gradB) {
        int rows = rows(delta);
        int cols = columns(delta);
        DoubleBuffer db = nio(delta);
        int dStart = rowStart(delta);
        Arrays.fill(sum, 0, cols, 0d);
        for (int r = 0; r < rows; r++) {
            db.get(dStart + r * cols, a, 0, cols);
            for (int j = 0; j < cols; j++) {
                sum[j] += a[j];
            }
        }
        nio(gradB).put(rowStart(gradB), sum, 0, cols);
    }

    private static double total(double[] values, int n) {
        double t = 0;
        for (int j = 0; j < n; j++) {
            t += values[j];
        }
        return t;
    }

    private static DoubleBuffer nio(INDArray arr) {
        return arr.data().asNioDouble();
    }
}
