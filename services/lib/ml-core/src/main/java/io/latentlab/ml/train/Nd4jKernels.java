package io.latentlab.ml.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link ElementKernels} as plain ND4J ops, for any data type: the readable reference that
 * {@link FloatKernels} is tested against, and the kernels of double networks (the gradient checks),
 * where speed does not matter.
 */
final class Nd4jKernels implements ElementKernels {

    @Override
    public void fillRows(INDArray out, INDArray bias) {
        out.assign(0.0).addiRowVector(bias);
    }

    @Override
    public double sigmoidMseDelta(INDArray p, INDArray y, INDArray delta, INDArray gradB, double scale) {
        INDArray error = p.sub(y);
        double sumSquares = error.mul(error).sumNumber().doubleValue();
        delta.assign(error.muli(p.rsub(1.0).muli(p)).muli(scale));
        delta.sum(gradB, 0);
        return sumSquares;
    }

    @Override
    public double softmaxXentDelta(INDArray p, INDArray y, INDArray delta, INDArray gradB, double scale, double clipEps) {
        INDArray clipped = clipEps > 0 ? Transforms.min(Transforms.max(p, clipEps, true), 1.0 - clipEps, false) : p.dup();
        double loss = -Transforms.log(clipped, false).muli(y).sumNumber().doubleValue();
        delta.assign(p.sub(y).muli(scale));
        delta.sum(gradB, 0);
        return loss;
    }

    @Override
    public void sigmoidBackward(INDArray delta, INDArray s, INDArray gradB) {
        delta.muli(s.rsub(1.0).muli(s));
        delta.sum(gradB, 0);
    }

    @Override
    public void columnSums(INDArray delta, INDArray gradB) {
        delta.sum(gradB, 0);
    }
}
