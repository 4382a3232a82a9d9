package io.latentlab.ml.train;

import io.latentlab.ml.classify.MlpClassifier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A network trained through NetworkTrainer's default (lean) step learns and stays a normal DL4J network. */
class LeanTrainedNetworkTest {

    @Test
    void defaultTrainerIsLeanAndTheNetworkStillScoresOutputsAndSerializes() throws IOException {
        TrainingConfig cfg = new TrainingConfig(0.02, 32, 20, 5, 7);
        MultiLayerNetwork net = MlpClassifier.buildNetwork(20, 3, new int[] {16}, cfg);
        INDArray x = TestNets.uniform(DataType.FLOAT, 5, 300, 20);
        INDArray y = TestNets.oneHot(DataType.FLOAT, 6, 300, 3);
        // learnable labels: the class is the argmax of the first three inputs
        INDArray labels = x.getColumns(0, 1, 2).argMax(1);
        y.assign(0);
        for (int r = 0; r < 300; r++) {
            y.putScalar(r, labels.getInt(r), 1.0);
        }
        TrainingData data = new TrainingData(x, y);
        double before = net.score(new DataSet(x, y));
        TrainingOutcome outcome = NetworkTrainer.train(net, data, data,
                cfg, EpochListener.NONE);

        if (System.getProperty(Steps.PROPERTY) == null && System.getenv(Steps.ENV) == null) {
            assertThat(Steps.configured().apply(net)).isInstanceOf(LeanStep.class);
        }
        assertThat(outcome.valLoss()[outcome.bestEpoch() - 1]).isLessThan(before * 0.5);
        assertThat(net.score(new DataSet(x, y))).isCloseTo(outcome.valLoss()[outcome.bestEpoch() - 1],
                org.assertj.core.api.Assertions.within(1e-5));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertThat(restored.output(x)).isEqualTo(net.output(x));
    }

    @Test
    void switchNamesLeanOrFit() {
        MultiLayerNetwork net = TestNets.classifier(DataType.FLOAT, 4, 2, 3);
        assertThat(Steps.named("fit").apply(net)).isInstanceOf(FitStep.class);
        assertThat(Steps.named(" LEAN ").apply(net)).isInstanceOf(LeanStep.class);
        assertThatThrownBy(() -> Steps.named("sgd")).hasMessageContaining("lean or fit");
        String previous = System.getProperty(Steps.PROPERTY);
        try {
            System.setProperty(Steps.PROPERTY, "fit");
            assertThat(Steps.configured().apply(net)).isInstanceOf(FitStep.class);
        } finally {
            if (previous == null) {
                System.clearProperty(Steps.PROPERTY);
            } else {
                System.setProperty(Steps.PROPERTY, previous);
            }
        }
    }
}
