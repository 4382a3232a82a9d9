package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The validation loss the trainer takes from {@link LeanStep#score} is the loss DL4J's {@code score(DataSet)}
 * defines (early stopping and the best epoch depend on it), summed in double precision: it matches the mean
 * loss computed in double from {@code net.output()} to 1e-6. DL4J's own float sum drifts from it as rows grow
 * (8e-4 relative at 2 125 rows of MSE), so DL4J is only held to 2e-3. More rows than one forward chunk, so
 * the chunks must add up right.
 */
class LeanScoreMatchesDl4jTest {

    private static final int ROWS = 2 * LeanStep.SCORE_ROWS + 77;

    @Test
    void classifierCrossEntropyAsDl4jScoresIt() {
        MultiLayerNetwork net = TestNets.classifier(DataType.FLOAT, 784, 5, 64, 32);
        assertSameScore(net, TestNets.uniform(DataType.FLOAT, 11, ROWS, 784), TestNets.oneHot(DataType.FLOAT, 12, ROWS, 5));
    }

    @Test
    void autoencoderSquaredErrorAsDl4jScoresIt() {
        MultiLayerNetwork net = TestNets.autoencoder(DataType.FLOAT, 784, 100, 32, 100);
        INDArray x = TestNets.uniform(DataType.FLOAT, 13, ROWS, 784);
        assertSameScore(net, x, x);
    }

    @Test
    void scoringLeavesTheTrainingAsItWas() {
        MultiLayerNetwork net = TestNets.classifier(DataType.FLOAT, 20, 5, 8);
        INDArray x = TestNets.uniform(DataType.FLOAT, 14, 32, 20);
        INDArray y = TestNets.oneHot(DataType.FLOAT, 15, 32, 5);
        LeanStep lean = new LeanStep(net);
        lean.computeGradient(x, y);
        INDArray gradient = lean.gradient().dup();
        INDArray params = net.params().dup();

        lean.score(TestNets.uniform(DataType.FLOAT, 16, 100, 20), TestNets.oneHot(DataType.FLOAT, 17, 100, 5));

        assertThat(lean.gradient()).isEqualTo(gradient);
        assertThat(net.params()).isEqualTo(params);
    }

    @Test
    void aTrainedNetworkScoresTheSameToo() {
        MultiLayerNetwork net = TestNets.autoencoder(DataType.FLOAT, 784, 64);
        INDArray x = TestNets.uniform(DataType.FLOAT, 18, ROWS, 784);
        LeanStep lean = new LeanStep(net);
        for (int from = 0; from + 32 <= 640; from += 32) {
            INDArray batch = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + 32),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            lean.step(batch, batch);
        }
        assertSameScore(net, lean, x, x);
    }

    private static void assertSameScore(MultiLayerNetwork net, INDArray x, INDArray y) {
        assertSameScore(net, new LeanStep(net), x, y);
    }

    private static void assertSameScore(MultiLayerNetwork net, LeanStep lean, INDArray x, INDArray y) {
        double exact = exactMeanLoss(net, x, y);
        double leanScore = lean.score(x, y);
        assertThat(leanScore).isCloseTo(exact, within(1e-6 * exact));
        assertThat(net.score(new DataSet(x, y))).as("DL4J's float sum").isCloseTo(exact, within(2e-3 * exact));
        assertThat(lean.score(x, y)).as("a second call, through the kept buffers").isEqualTo(leanScore);
    }

    /** DL4J's per-row loss (MSE: squared error over nOut; MCXENT: -y·log p, p clipped), averaged in double. */
    private static double exactMeanLoss(MultiLayerNetwork net, INDArray x, INDArray y) {
        INDArray p = net.output(x).castTo(DataType.DOUBLE);
        INDArray t = y.castTo(DataType.DOUBLE);
        boolean classifier = y.columns() != x.columns();
        if (classifier) {
            double eps = LeanLayout.of(net).softmaxClipEps();
            INDArray clipped = eps > 0 ? org.nd4j.linalg.ops.transforms.Transforms.max(
                    org.nd4j.linalg.ops.transforms.Transforms.min(p, 1 - eps), eps) : p;
            return -org.nd4j.linalg.ops.transforms.Transforms.log(clipped).muli(t).sumNumber().doubleValue() / x.rows();
        }
        INDArray e = p.sub(t);
        return e.muli(e).sumNumber().doubleValue() / y.columns() / x.rows();
    }
}
