package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One epoch of 40 full batches of 32 and a last partial one, from the same initial parameters:
 * DL4J's fit() and LeanStep end with the same parameters and report the same loss per batch.
 */
class LeanStepMatchesFitTest {

    private static final int BATCH = 32;
    private static final int ROWS = 40 * BATCH + 13;

    @Test
    void mlpClassifier784To64To32To5() {
        MultiLayerNetwork net = TestNets.classifier(DataType.FLOAT, 784, 5, 64, 32);
        assertSameEpoch(net, TestNets.uniform(DataType.FLOAT, 1, ROWS, 784), TestNets.oneHot(DataType.FLOAT, 2, ROWS, 5));
    }

    @Test
    void autoencoder784To64To784() {
        MultiLayerNetwork net = TestNets.autoencoder(DataType.FLOAT, 784, 64);
        INDArray x = TestNets.uniform(DataType.FLOAT, 3, ROWS, 784);
        assertSameEpoch(net, x, x);
    }

    @Test
    void threeHiddenLayerAutoencoder784To100To32To100To784() {
        MultiLayerNetwork net = TestNets.autoencoder(DataType.FLOAT, 784, 100, 32, 100);
        INDArray x = TestNets.uniform(DataType.FLOAT, 4, ROWS, 784);
        assertSameEpoch(net, x, x);
    }

    @Test
    void fitAndLeanTakeOverFromEachOtherThroughDl4jsUpdaterState() {
        MultiLayerNetwork net = TestNets.autoencoder(DataType.FLOAT, 784, 64);
        INDArray x = TestNets.uniform(DataType.FLOAT, 8, ROWS, 784);
        MultiLayerNetwork fitOnly = net.clone();
        MultiLayerNetwork handedOver = net.clone();
        MultiLayerNetwork notHandedBack = net.clone();

        runBatches(new FitStep(fitOnly), x, 0, 30);
        for (MultiLayerNetwork n : List.of(handedOver, notHandedBack)) {
            runBatches(new FitStep(n), x, 0, 10);
            LeanStep lean = new LeanStep(n);
            runBatches(lean, x, 10, 20);
            if (n == handedOver) {
                lean.finish();
            }
            runBatches(new FitStep(n), x, 20, 30);
        }

        assertThat(maxDifference(handedOver, fitOnly)).as("fit -> lean -> fit vs fit only").isLessThanOrEqualTo(1e-5);
        assertThat(maxDifference(notHandedBack, fitOnly)).as("without finish(), fit resumes from stale moments")
                .isGreaterThan(1e-4);
    }

    @Test
    void targetsWithStridedRowsGiveTheSameGradient() {
        MultiLayerNetwork net = TestNets.classifier(DataType.FLOAT, 20, 5, 8);
        INDArray x = TestNets.uniform(DataType.FLOAT, 5, BATCH, 20);
        INDArray y = TestNets.oneHot(DataType.FLOAT, 6, BATCH, 5);
        INDArray wide = org.nd4j.linalg.factory.Nd4j.hstack(y, TestNets.uniform(DataType.FLOAT, 7, BATCH, 3));
        INDArray strided = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5));
        LeanStep lean = new LeanStep(net);

        double contiguousLoss = lean.computeGradient(x, y);
        INDArray contiguousGradient = lean.gradient().dup();
        double stridedLoss = lean.computeGradient(x, strided);

        assertThat(stridedLoss).isEqualTo(contiguousLoss);
        assertThat(lean.gradient()).isEqualTo(contiguousGradient);
    }

    /** Batches number {@code from} (inclusive) to {@code to} (exclusive) of x, as an autoencoder's input and target. */
    private static void runBatches(BatchStep step, INDArray x, int from, int to) {
        for (int b = from; b < to; b++) {
            INDArray xb = x.get(NDArrayIndex.interval(b * BATCH, (b + 1) * BATCH), NDArrayIndex.all());
            step.step(xb, xb);
        }
    }

    private static double maxDifference(MultiLayerNetwork a, MultiLayerNetwork b) {
        return a.params().sub(b.params()).amaxNumber().doubleValue();
    }

    private static void assertSameEpoch(MultiLayerNetwork net, INDArray x, INDArray y) {
        MultiLayerNetwork fitNet = net.clone();
        MultiLayerNetwork leanNet = net.clone();
        BatchStep fit = new FitStep(fitNet);
        BatchStep lean = new LeanStep(leanNet);
        for (int from = 0; from < ROWS; from += BATCH) {
            int to = Math.min(ROWS, from + BATCH);
            INDArray xb = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray yb = y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            double fitLoss = fit.step(xb, yb);
            double leanLoss = lean.step(xb, yb);
            assertThat(leanLoss).as("loss of batch at row %d", from).isCloseTo(fitLoss, within(1e-5));
        }
        double maxDiff = fitNet.params().sub(leanNet.params()).amaxNumber().doubleValue();
        assertThat(maxDiff).as("max |param difference| after one epoch").isLessThanOrEqualTo(1e-5);
        assertThat(fitNet.params().sub(net.params()).amaxNumber().doubleValue()).as("training moved the params")
                .isGreaterThan(1e-3);
        assertThat(leanNet.getIterationCount()).isEqualTo(fitNet.getIterationCount());
    }
}
