package io.latentlab.ml.train;

import io.latentlab.ml.train.LeanLayout.Dense;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
 * Adam's moments live here during training: they are read from DL4J's updater state at construction
 * and written back by {@link #finish()}. The validation loss comes from the same forward pass
 * ({@link #score}), not from DL4J's {@code score()}, which allocates every activation of the whole set anew.
 */
public final class LeanStep implements BatchStep {

    /** Rows per forward pass of {@link #score}: bounds its buffers (a seed validation split has 3 795 rows). */
    static final int SCORE_ROWS = 1024;

    private final MultiLayerNetwork net;
    private final LeanLayout layout;
    private final List<Dense> layers;
    private final FusedAdam adam;
    private final ElementKernels kernels;
    private final INDArray grad;
    private final INDArray[] gradW;
    private final INDArray[] gradB;
    // scratch by row count, for training batches and for score's chunks alike: each call fills what it reads
    private final Map<Long, Buffers> buffersByBatch = new HashMap<>();
    /** Where {@link #score} puts the output bias "gradient" the loss kernels also compute: not the training's. */
    private final INDArray scoreGradB;
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
        this.kernels = ElementKernels.of(layout.dataType(), layers.stream().mapToInt(Dense::nOut).max().orElseThrow());
        this.scoreGradB = Nd4j.create(layout.dataType(), layers.get(last()).nOut());
        this.adam = new FusedAdam(layout.adam(), layout.dataType(), (int) n);
        Dl4jAdamState.load(net, adam);
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

    /**
     * DL4J's score of (x, y): the mean over the rows of each row's loss, through the training's forward pass in
     * chunks of {@value #SCORE_ROWS} rows. Parameters, gradient and Adam's state are left as they are.
     */
    @Override
    public double score(INDArray x, INDArray y) {
        if (net.params() != boundParams) {
            bind(net.params());
        }
        long n = x.rows();
        checkFits(x, y);
        double sum = 0;
        for (long from = 0; from < n; from += SCORE_ROWS) {
            long to = Math.min(n, from + SCORE_ROWS);
            INDArray xs = rowsOf(x, from, to, n);
            INDArray ys = contiguousRows(rowsOf(y, from, to, n));
            Buffers buf = buffersByBatch.computeIfAbsent(to - from, rows -> new Buffers(rows));
            forward(xs, buf);
            sum += outputLoss(ys, buf, scoreGradB, to - from);
        }
        return sum / n;
    }

    /** Forward and backward pass: returns the loss and leaves the mean gradient in {@link #gradient()}. */
    double computeGradient(INDArray x, INDArray y) {
        if (net.params() != boundParams) {
            bind(net.params());
        }
        long batch = x.rows();
        checkFits(x, y);
        INDArray input = x.dataType() == layout.dataType() ? x : x.castTo(layout.dataType());
        INDArray target = contiguousRows(y.dataType() == layout.dataType() ? y : y.castTo(layout.dataType()));
        Buffers buf = buffersByBatch.computeIfAbsent(batch, rows -> new Buffers(rows));
        forward(input, buf);
        double loss = outputLoss(target, buf, gradB[last()], batch) / batch;
        backward(input, buf);
        return loss;
    }

    private void checkFits(INDArray x, INDArray y) {
        if (y.rows() != x.rows() || x.columns() != layers.get(0).nIn() || y.columns() != layers.get(last()).nOut()) {
            throw new IllegalArgumentException("batch " + x.shapeInfoToString() + " / " + y.shapeInfoToString()
                    + " does not fit the network");
        }
    }

    /** Rows [from, to) in the network's data type (a view when nothing needs converting). */
    private INDArray rowsOf(INDArray a, long from, long to, long n) {
        INDArray rows = from == 0 && to == n ? a : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        return rows.dataType() == layout.dataType() ? rows : rows.castTo(layout.dataType());
    }

    /** Hands Adam's moments back to DL4J's updater state, as fit() would have left them. */
    @Override
    public void finish() {
        Dl4jAdamState.store(net, adam);
    }

    /** The flat gradient, laid out like {@code net.params()}. */
    INDArray gradient() {
        return grad;
    }

    private void forward(INDArray x, Buffers buf) {
        INDArray in = x;
        for (int i = 0; i < layers.size(); i++) {
            INDArray out = buf.act[i];
            kernels.fillRows(out, b[i]);
            Nd4j.gemm(in, w[i], out, false, false, 1.0, 1.0);
            switch (layers.get(i).activation()) {
                case SIGMOID -> Transforms.sigmoid(out, false);
                case SOFTMAX -> Transforms.softmax(out, false);
                case IDENTITY -> { }
            }
            in = out;
        }
    }

    /**
     * The loss summed over the rows as DL4J's score defines it per row; dLoss/dz of the output layer, divided by
     * {@code gradientRows} as DL4J divides the gradient by the batch size, into its delta; the output bias
     * gradient into {@code outputGradB}.
     */
    private double outputLoss(INDArray y, Buffers buf, INDArray outputGradB, long gradientRows) {
        int last = last();
        INDArray out = buf.act[last];
        if (layout.loss() == LeanLayout.Loss.MCXENT) {
            // LossMCXENT: -sum(y·log(clip(p))) per example; softmax + MCXENT gradient is p - y
            return kernels.softmaxXentDelta(out, y, buf.delta[last], outputGradB, 1.0 / gradientRows, layout.softmaxClipEps());
        }
        // LossMSE: sum((p - y)²) / nOut per example, gradient 2(p - y)/nOut, through the sigmoid
        long nOut = out.columns();
        return kernels.sigmoidMseDelta(out, y, buf.delta[last], outputGradB, 2.0 / (nOut * gradientRows)) / nOut;
    }

    private int last() {
        return layers.size() - 1;
    }

    /** Weight gradients, and each hidden layer's delta with its bias gradient, from the output layer down. */
    private void backward(INDArray x, Buffers buf) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            INDArray in = i == 0 ? x : buf.act[i - 1];
            Nd4j.gemm(in, buf.delta[i], gradW[i], true, false, 1.0, 0.0);
            if (i > 0) {
                Nd4j.gemm(buf.delta[i], w[i], buf.delta[i - 1], false, true, 1.0, 0.0);
                switch (layers.get(i - 1).activation()) {
                    case SIGMOID -> kernels.sigmoidBackward(buf.delta[i - 1], buf.act[i - 1], gradB[i - 1]);
                    case IDENTITY -> kernels.columnSums(buf.delta[i - 1], gradB[i - 1]);
                    case SOFTMAX -> throw new IllegalStateException("softmax is only an output activation");
                }
            }
        }
    }

    /** The kernels read targets row by row; a view with strided rows is copied once. */
    private static INDArray contiguousRows(INDArray y) {
        return ElementKernels.hasContiguousRows(y) ? y : y.dup('c');
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

    /** Activations, deltas and scratch for one batch size (the last batch of an epoch is usually smaller). */
    private final class Buffers {
        final INDArray[] act = new INDArray[layers.size()];
        final INDArray[] delta = new INDArray[layers.size()];

        Buffers(long rows) {
            for (int i = 0; i < layers.size(); i++) {
                long cols = layers.get(i).nOut();
                act[i] = Nd4j.create(layout.dataType(), rows, cols);
                delta[i] = Nd4j.create(layout.dataType(), rows, cols);
            }
        }
    }
}
