package io.latentlab.ml.train;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LeanStep refuses what it does not compute, naming it. */
class LeanLayoutTest {

    @Test
    void refusesOtherActivations() {
        MultiLayerNetwork net = TestNets.classifier(DataType.FLOAT, Activation.RELU, 4, 2, 3);
        assertThatThrownBy(() -> new LeanStep(net)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu");
    }

    @Test
    void refusesOtherOutputCombinations() {
        MultiLayerNetwork net = TestNets.init(TestNets.builder(DataType.FLOAT)
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(3).nOut(2).activation(Activation.SOFTMAX).build()));
        assertThatThrownBy(() -> new LeanStep(net)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softmax").hasMessageContaining("MSE");
    }

    @Test
    void refusesOtherUpdatersRegularizationAndDropout() {
        MultiLayerNetwork sgd = TestNets.init(TestNets.builder(DataType.FLOAT)
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.SIGMOID).updater(new Sgd(0.1)).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(3).nOut(2).activation(Activation.SOFTMAX).build()));
        MultiLayerNetwork l2 = TestNets.init(TestNets.builder(DataType.FLOAT)
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.SIGMOID).l2(1e-4).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(3).nOut(2).activation(Activation.SOFTMAX).build()));
        MultiLayerNetwork dropout = TestNets.init(TestNets.builder(DataType.FLOAT)
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.SIGMOID).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(3).nOut(2).activation(Activation.SOFTMAX).build()));
        assertThatThrownBy(() -> new LeanStep(sgd)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updater");
        assertThatThrownBy(() -> new LeanStep(l2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regularization");
        assertThatThrownBy(() -> new LeanStep(dropout)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropout");
    }
}
