package io.latentlab.ml.train;

import io.latentlab.ml.train.LeanLayout.Dense;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same update as {@code MultiLayerNetwork.fit()} on one minibatch (same loss, same mean gradient,
 * same Adam), without DL4J's per-step overhead: one gemm per product the maths needs (forward one per
 * layer, backward two per layer but the first), into preallocated buffers, in-place activations,
 * and Adam as one fused loop over the network's own flat parameters. {@code net.output()},
 * {@code score()} and serialization keep working because the parameters are updated in place.
 * DL4J's updater state (saved with {@code ModelSerializer.writeModel(.., true)}) is read once at
 * construction but not written back: the moments live here.
 */
public final class LeanStep implements BatchStep {

    private final MultiLayerNetwork net;
    private final LeanLayout layout;
    private final List<Dense> layers;
    private final FusedAdam adam;
    private final INDArray grad;
    private final INDArray[] gradW;
    private final INDArray[] gradB;
    private final Map<Long, Buffers> buffersByBatch = new HashMap<>();
    private INDArray boundParams;
    private INDArray[] w;
    private INDArray[] b;

    public LeanStep(MultiLayerNetwork net) {
        this.net = net;
        this.layout = LeanLayout.of(net);
        this.layers = layout.layers();
        long n = layout.paramCount();
        if (net.numParams() != n) {
            throw new IllegalArgumentException("LeanStep expected " + n + " parameters, the network has " + net.numParams());
        }
        this.grad = Nd4j.zeros(layout.dataType(), 1, n);
        this.gradW = new INDArray[layers.size()];
        this.gradB = new INDArray[layers.size()];
        long offset = 0;
        for (int i = 0; i < layers.size(); i++) {
            Dense d = layers.get(i);
            long weights = (long) d.nIn() * d.nOut();
            // DL4J's flat layout per dense layer: W in 'f' order, then b
            gradW[i] = grad.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + weights)).reshape('f', d.nIn(), d.nOut());
            gradB[i] = grad.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset + weights, offset + weights + d.nOut()));
            offset += weights + d.nOut();
        }
        this.adam = new FusedAdam(layout.adam(), layout.dataType(), (int) n);
        loadDl4jMoments(n);
        bind(net.params());
    }

    @Override
    public double step(INDArray x, INDArray y) {
        double loss = computeGradient(x, y);
        int iteration = net.getIterationCount();
        adam.update(boundParams, grad, iteration);
        net.setIterationCount(iteration + 1);
        return loss;
    }

    /** Forward and backward pass: returns the loss and leaves the mean gradient in {@link #gradient()}. */
    double computeGradient(INDArray x, INDArray y) {
        if (net.params() != boundParams) {
            bind(net.params());
        }
        long batch = x.rows();
        if (y.rows() != batch || x.columns() != layers.get(0).nIn() || y.columns() != layers.get(layers.size() - 1).nOut()) {
            throw new IllegalArgumentException("batch " + x.shapeInfoToString() + " / " + y.shapeInfoToString()
                    + " does not fit the network");
        }
        INDArray input = x.dataType() == layout.dataType() ? x : x.castTo(layout.dataType());
        INDArray target = y.dataType() == layout.dataType() ? y : y.castTo(layout.dataType());
        Buffers buf = buffersByBatch.computeIfAbsent(batch, rows -> new Buffers(rows));
        forward(input, buf);
        double loss = outputDelta(target, buf, batch);
        backward(input, buf);
        return loss;
    }

    /** The flat gradient, laid out like {@code net.params()}. */
    INDArray gradient() {
        return grad;
    }

    private void forward(INDArray x, Buffers buf) {
        INDArray in = x;
        for (int i = 0; i < layers.size(); i++) {
            INDArray out = buf.act[i];
            Nd4j.gemm(in, w[i], out, false, false, 1.0, 0.0);
            out.addiRowVector(b[i]);
            switch (layers.get(i).activation()) {
                case SIGMOID -> Transforms.sigmoid(out, false);
                case SOFTMAX -> Transforms.softmax(out, false);
                case IDENTITY -> { }
            }
            in = out;
        }
    }

    /** The loss as DL4J's score reports it, and dLoss/dz of the output layer (already / batch) into its delta. */
    private double outputDelta(INDArray y, Buffers buf, long batch) {
        int last = layers.size() - 1;
        INDArray out = buf.act[last];
        INDArray delta = buf.delta[last];
        INDArray tmp = buf.tmp[last];
        out.sub(y, delta);
        if (layout.loss() == LeanLayout.Loss.MCXENT) {
            // LossMCXENT: -sum(y·log(clip(p))) per example; softmax + MCXENT gradient is p - y
            double eps = layout.softmaxClipEps();
            tmp.assign(out);
            if (eps > 0) {
                Transforms.max(tmp, eps, false);
                Transforms.min(tmp, 1.0 - eps, false);
            }
            Transforms.log(tmp, false).muli(y);
            delta.muli(1.0 / batch);
            return -tmp.sumNumber().doubleValue() / batch;
        }
        // LossMSE: sum((p - y)²) / nOut per example, gradient 2(p - y)/nOut, through the sigmoid
        long nOut = out.columns();
        double sumSquares = Math.pow(delta.norm2Number().doubleValue(), 2);
        multiplySigmoidDerivative(delta, out, tmp);
        delta.muli(2.0 / (nOut * batch));
        return sumSquares / nOut / batch;
    }

    private void backward(INDArray x, Buffers buf) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            INDArray in = i == 0 ? x : buf.act[i - 1];
            Nd4j.gemm(in, buf.delta[i], gradW[i], true, false, 1.0, 0.0);
            buf.delta[i].sum(gradB[i], 0);
            if (i > 0) {
                Nd4j.gemm(buf.delta[i], w[i], buf.delta[i - 1], false, true, 1.0, 0.0);
                if (layers.get(i - 1).activation() == LeanLayout.Activation.SIGMOID) {
                    multiplySigmoidDerivative(buf.delta[i - 1], buf.act[i - 1], buf.tmp[i - 1]);
                }
            }
        }
    }

    /** delta ·= s(1 - s) where s is the layer's sigmoid output. */
    private static void multiplySigmoidDerivative(INDArray delta, INDArray s, INDArray tmp) {
        s.rsub(1.0, tmp);
        tmp.muli(s);
        delta.muli(tmp);
    }

    private void bind(INDArray params) {
        if (params.length() != grad.length() || params.elementWiseStride() != 1) {
            throw new IllegalStateException("the network's flat parameters changed shape: " + params.shapeInfoToString());
        }
        boundParams = params;
        w = new INDArray[layers.size()];
        b = new INDArray[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            w[i] = net.getLayer(i).getParam("W");
            b[i] = net.getLayer(i).getParam("b");
        }
    }

    /** DL4J keeps one Adam block for the whole net as [m | v]; start from it (zeros for a fresh net). */
    private void loadDl4jMoments(long n) {
        Updater updater = net.getUpdater();
        if (updater instanceof BaseMultiLayerUpdater<?> multi && multi.getUpdaterBlocks().size() == 1) {
            INDArray state = multi.getStateViewArray();
            if (state != null && state.length() == 2 * n) {
                INDArray flat = state.reshape(state.length());
                adam.loadMoments(flat.get(NDArrayIndex.interval(0, n)), flat.get(NDArrayIndex.interval(n, 2 * n)));
            }
        }
    }

    /** Activations, deltas and scratch for one batch size (the last batch of an epoch is usually smaller). */
    private final class Buffers {
        final INDArray[] act = new INDArray[layers.size()];
        final INDArray[] delta = new INDArray[layers.size()];
        final INDArray[] tmp = new INDArray[layers.size()];

        Buffers(long rows) {
            for (int i = 0; i < layers.size(); i++) {
                long cols = layers.get(i).nOut();
                act[i] = Nd4j.create(layout.dataType(), rows, cols);
                delta[i] = Nd4j.create(layout.dataType(), rows, cols);
                tmp[i] = Nd4j.create(layout.dataType(), rows, cols);
            }
        }
    }
}
