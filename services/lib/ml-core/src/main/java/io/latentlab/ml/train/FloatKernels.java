package io.latentlab.ml.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;

import static io.latentlab.ml.train.ElementKernels.columns;
import static io.latentlab.ml.train.ElementKernels.rowStart;
import static io.latentlab.ml.train.ElementKernels.rows;

/** {@link ElementKernels} for float networks (the study's), as loops over one row at a time. */
final class FloatKernels implements ElementKernels {

    private final float[] a;
    private final float[] b;
    private final float[] sum;
    private final float[] sum2;

    FloatKernels(int maxColumns) {
        a = new float[maxColumns];
        b = new float[maxColumns];
        sum = new float[maxColumns];
        sum2 = new float[maxColumns];
    }

    @Override
    public void fillRows(INDArray out, INDArray bias) {
        int cols = columns(out);
        nio(bias).get(rowStart(bias), a, 0, cols);
        FloatBuffer o = nio(out);
        int start = rowStart(out);
        for (int r = 0, rows = rows(out); r < rows; r++) {
            o.put(start + r * cols, a, 0, cols);
        }
    }

    @Override
    public double sigmoidMseDelta(INDArray p, INDArray y, INDArray delta, INDArray gradB, double scale) {
        int rows = rows(p);
        int cols = columns(p);
        FloatBuffer pb = nio(p), yb = nio(y), db = nio(delta);
        int pStart = rowStart(p), yStart = rowStart(y), dStart = rowStart(delta);
        float s = (float) scale;
        Arrays.fill(sum, 0, cols, 0f);
        Arrays.fill(sum2, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            pb.get(pStart + r * cols, a, 0, cols);
            yb.get(yStart + r * cols, b, 0, cols);
            for (int j = 0; j < cols; j++) {
                float pj = a[j];
                float e = pj - b[j];
                sum2[j] += e * e;
                float d = e * ((1 - pj) * pj) * s;
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
        FloatBuffer pb = nio(p), yb = nio(y), db = nio(delta);
        int pStart = rowStart(p), yStart = rowStart(y), dStart = rowStart(delta);
        float s = (float) scale;
        float lo = (float) clipEps;
        float hi = (float) (1 - clipEps);
        boolean clip = clipEps > 0;
        double loss = 0;
        Arrays.fill(sum, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            pb.get(pStart + r * cols, a, 0, cols);
            yb.get(yStart + r * cols, b, 0, cols);
            for (int j = 0; j < cols; j++) {
                float pj = clip ? Math.min(Math.max(a[j], lo), hi) : a[j];
                loss += b[j] * (float) Math.log(pj);
            }
            for (int j = 0; j < cols; j++) {
                float d = (a[j] - b[j]) * s;
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
        FloatBuffer db = nio(delta), sb = nio(s);
        int dStart = rowStart(delta), sStart = rowStart(s);
        Arrays.fill(sum, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            db.get(dStart + r * cols, a, 0, cols);
            sb.get(sStart + r * cols, b, 0, cols);
            for (int j = 0; j < cols; j++) {
                float sj = b[j];
                float d = a[j] * ((1 - sj) * sj);
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
        FloatBuffer db = nio(delta);
        int dStart = rowStart(delta);
        Arrays.fill(sum, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            db.get(dStart + r * cols, a, 0, cols);
            for (int j = 0; j < cols; j++) {
                sum[j] += a[j];
            }
        }
        nio(gradB).put(rowStart(gradB), sum, 0, cols);
    }

    private static double total(float[] values, int n) {
        double t = 0;
        for (int j = 0; j < n; j++) {
            t += values[j];
        }
        return t;
    }

    private static FloatBuffer nio(INDArray arr) {
        return arr.data().asNioFloat();
    }
}
