package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * LeanStep's analytic gradient against central differences of DL4J's own score, in double precision,
 * for every layer kind and loss it supports.
 */
class LeanStepGradientCheckTest {

    private static final double H = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-5;

    @Test
    void sigmoidAndIdentityHiddenLayersWithSoftmaxCrossEntropy() {
        MultiLayerNetwork net = TestNets.classifier(DataType.DOUBLE, 6, 3, 5);
        MultiLayerNetwork withIdentity = TestNets.classifier(DataType.DOUBLE, Activation.IDENTITY, 6, 3, 4);
        INDArray x = TestNets.uniform(DataType.DOUBLE, 11, 7, 6);
        INDArray y = TestNets.oneHot(DataType.DOUBLE, 12, 7, 3);
        assertGradientMatches(net, x, y);
        assertGradientMatches(withIdentity, x, y);
    }

    @Test
    void sigmoidLayersWithSigmoidMse() {
        MultiLayerNetwork net = TestNets.autoencoder(DataType.DOUBLE, 6, 4, 3, 4);
        INDArray x = TestNets.uniform(DataType.DOUBLE, 13, 5, 6);
        assertGradientMatches(net, x, x);
    }

    private static void assertGradientMatches(MultiLayerNetwork net, INDArray x, INDArray y) {
        LeanStep lean = new LeanStep(net);
        double loss = lean.computeGradient(x, y);
        INDArray analytic = lean.gradient().dup();
        DataSet batch = new DataSet(x, y);
        assertThat(loss).as("loss equals DL4J's score").isCloseTo(net.score(batch), within(1e-12));
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            double original = params.getDouble(i);
            params.putScalar(i, original + H);
            double plus = net.score(batch);
            params.putScalar(i, original - H);
            double minus = net.score(batch);
            params.putScalar(i, original);
            double numeric = (plus - minus) / (2 * H);
            double a = analytic.getDouble(i);
            double scale = Math.max(Math.abs(a), Math.abs(numeric));
            if (scale > 1e-8) {
                assertThat(Math.abs(a - numeric) / scale).as("relative error of parameter %d (analytic %s, numeric %s)",
                        i, a, numeric).isLessThan(MAX_RELATIVE_ERROR);
            }
        }
    }
}
