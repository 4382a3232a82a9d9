package io.latentlab.ml.infer;

import io.latentlab.ml.MnistTestFiles;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.classify.TrainedClassifier;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.data.DigitSplitter;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.Splits;
import io.latentlab.ml.reduce.Autoencoder;
import io.latentlab.ml.reduce.IdentityReducer;
import io.latentlab.ml.reduce.PcaModel;
import io.latentlab.ml.reduce.Reducer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The plain-Java row forms give what the trained models give through ND4J, image by image. */
class RowModelsTest {

    private static final TrainingConfig TWO_EPOCHS = TrainingConfig.study(3).withMaxEpochs(2);
    private static Splits splits;

    @BeforeAll
    static void data() {
        splits = DigitSplitter.split(MnistTestFiles.mnist(), new int[] {0, 1, 2, 4, 7}, 200, 60, 20, 5);
    }

    @Test
    void autoencodersOfOneAndThreeHiddenLayersEncodeAndDecodeAsTheirNetworks() {
        FloatMatrix train = splits.train().x();
        FloatMatrix val = splits.val().x();
        assertSameAsBatch(Autoencoder.train(train, train, val, val, Autoencoder.oneHidden(32), TWO_EPOCHS,
                EpochListener.NONE));
        assertSameAsBatch(Autoencoder.train(train, train, val, val, Autoencoder.threeHidden(16), TWO_EPOCHS,
                EpochListener.NONE));
    }

    @Test
    void pcaAndRawPixelsEncodeAndDecodeAsTheirModels() {
        assertSameAsBatch(PcaModel.fit(splits.train().x(), 24));
        assertSameAsBatch(new IdentityReducer(784));
    }

    @Test
    void aClassifierGivesItsNetworksProbabilitiesAfterTheSameStandardization() {
        TrainedClassifier classifier = MlpClassifier.train(splits.train(), splits.val(), 5, new int[] {64, 32},
                TWO_EPOCHS, EpochListener.NONE);
        RowClassifier rows = RowClassifier.of(classifier);
        FloatMatrix test = splits.test().x();
        FloatMatrix batch = classifier.probabilities(test);
        int[] predicted = classifier.predict(test);
        for (int r = 0; r < test.rows(); r++) {
            float[] p = rows.probabilities(test.row(r));
            assertThat(p).containsExactly(batch.row(r), within(1e-5f));
            assertThat(argMax(p)).isEqualTo(predicted[r]);
        }
    }

    @Test
    void networksWithOtherActivationsOrWrongInputsAreRefusedWithTheReason() {
        MultiLayerNetwork relu = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        relu.init();
        assertThatThrownBy(() -> DenseStack.of(relu, 0, 2)).hasMessageContaining("layer 0: activation relu");
        assertThatThrownBy(() -> DenseStack.of(relu, 1, 3)).hasMessage("layers 1..3 of a network of 2");
        assertThatThrownBy(() -> DenseStack.of(relu, 1, 2).apply(new float[4])).hasMessage("expected 3 values, got 4");
    }

    private static void assertSameAsBatch(Reducer reducer) {
        RowReducer rows = RowReducer.of(reducer);
        FloatMatrix test = splits.test().x();
        FloatMatrix codes = reducer.encode(test);
        FloatMatrix reconstructions = reducer.decode(codes);
        for (int r = 0; r < test.rows(); r++) {
            float[] code = rows.encode(test.row(r));
            assertThat(code).as("code of image %d", r).containsExactly(codes.row(r), within(2e-5f));
            assertThat(rows.decode(code)).as("reconstruction of image %d", r)
                    .containsExactly(reconstructions.row(r), within(2e-5f));
        }
    }

    private static int argMax(float[] p) {
        int top = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[top]) {
                top = c;
            }
        }
        return top;
    }
}
