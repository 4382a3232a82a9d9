package io.latentlab.ml.reduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.latentlab.ml.MnistTestFiles;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.data.DigitSplitter;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.Noise;
import io.latentlab.ml.data.Splits;
import io.latentlab.ml.image.PictureFiles;
import io.latentlab.ml.image.Pictures;
import io.latentlab.ml.metrics.Metrics;
import io.latentlab.ml.train.TrainingOutcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AutoencoderTest {
    private static final int[] STUDY_DIGITS = {0, 1, 2, 4, 7};
    // With 1000 images a one-hidden-layer AE with k = 32 saturates its code units (mean activation ≈ 0.99)
    // and sits at the mean-image error for 50 epochs; k = 256 (the study's DAE size) learns within a few.
    private static final int WIDE_K = 256;
    private static final int NARROW_K = 32;
    // Few epochs keep the module's test run short; the study itself uses TrainingConfig.study.
    private static final TrainingConfig SIX_EPOCHS = TrainingConfig.study(17).withMaxEpochs(6);
    private static final TrainingConfig FIFTEEN_EPOCHS = TrainingConfig.study(17).withMaxEpochs(15);

    private static FloatMatrix train;
    private static FloatMatrix val;
    private static double meanImageMse;

    @BeforeAll
    static void data() {
        Splits s = DigitSplitter.split(MnistTestFiles.mnist(), STUDY_DIGITS, 200, 60, 0, 23);
        train = s.train().x();
        val = s.val().x();
        meanImageMse = Metrics.meanSquaredError(val, repeatedMeanImage(train, val.rows()));
    }

    @Test
    void oneHiddenLayerLearnsToReconstruct() {
        Autoencoder ae = Autoencoder.train(train, train, val, val, Autoencoder.oneHidden(WIDE_K),
                SIX_EPOCHS, EpochListener.NONE);
        double mse = reportAndCheckLearning("AE-1", ae, SIX_EPOCHS);

        assertThat(ae.codeSize()).isEqualTo(WIDE_K);
        assertThat(ae.codeLayerIndex()).isZero();
        FloatMatrix codes = ae.encode(val);
        assertThat(codes.rows()).isEqualTo(val.rows());
        assertThat(codes.cols()).isEqualTo(WIDE_K);
        for (float v : codes.data()) {
            assertThat(v).isBetween(0f, 1f); // sigmoid activations
        }
        FloatMatrix decoded = ae.decode(codes);
        assertThat(decoded.rows()).isEqualTo(val.rows());
        assertThat(decoded.cols()).isEqualTo(784);
        assertThat(Metrics.meanSquaredError(decoded, ae.reconstruct(val))).isLessThan(1e-10);
        assertThat(Metrics.meanSquaredError(val, decoded)).isCloseTo(mse, within(1e-6));

        FloatMatrix weights = ae.encoderWeights();
        assertThat(weights.rows()).isEqualTo(WIDE_K);
        assertThat(weights.cols()).isEqualTo(784);
        // Row u holds unit u's input weights: W (784 x k) in DL4J, so W[p][u] = weights[u][p].
        assertThat(weights.get(3, 400)).isEqualTo(ae.network().getLayer(0).getParam("W").getFloat(400, 3));
        PictureFiles.decodeAndSave(Pictures.weightGrid(weights, 16, 2), "ae1-encoder-weights");
        PictureFiles.decodeAndSave(Pictures.imageRows(List.of("original", "AE-1 k=" + WIDE_K),
                List.of(val.head(10), ae.reconstruct(val.head(10))), 10, 2), "ae1-reconstructions");

        Autoencoder restored = Autoencoder.fromBytes(ae.toBytes());
        assertThat(restored.encode(val)).isEqualTo(codes);
        assertThat(restored.reconstruct(val)).isEqualTo(ae.reconstruct(val));
        assertThat(restored.codeSize()).isEqualTo(WIDE_K);
        TrainingOutcome a = ae.outcome();
        TrainingOutcome b = restored.outcome();
        assertThat(b.epochs()).isEqualTo(a.epochs());
        assertThat(b.bestEpoch()).isEqualTo(a.bestEpoch());
        assertThat(b.trainLoss()).containsExactly(a.trainLoss());
        assertThat(b.valLoss()).containsExactly(a.valLoss());
        assertThat(b.seconds()).as("wall time is not archived").isZero();
    }

    @Test
    void threeHiddenLayersCodeIsTheMiddleLayer() {
        Autoencoder ae = Autoencoder.train(train, train, val, val, Autoencoder.threeHidden(NARROW_K),
                FIFTEEN_EPOCHS, EpochListener.NONE);
        reportAndCheckLearning("AE-3", ae, FIFTEEN_EPOCHS);

        assertThat(ae.codeLayerIndex()).isEqualTo(1);
        assertThat(ae.codeSize()).isEqualTo(NARROW_K);
        FloatMatrix codes = ae.encode(val.head(7));
        assertThat(codes.rows()).isEqualTo(7);
        assertThat(codes.cols()).isEqualTo(NARROW_K);
        assertThat(Metrics.meanSquaredError(ae.decode(codes), ae.reconstruct(val.head(7)))).isLessThan(1e-10);
        assertThat(ae.encoderWeights().rows()).isEqualTo(400);
        assertThat(Autoencoder.fromBytes(ae.toBytes()).encode(val)).isEqualTo(ae.encode(val));
    }

    @Test
    void denoisingLearnsFromNoisyInputToCleanTarget() {
        FloatMatrix noisyTrain = Noise.gaussian(train, 0.4, 101);
        FloatMatrix noisyVal = Noise.gaussian(val, 0.4, 102);
        Autoencoder dae = Autoencoder.train(noisyTrain, train, noisyVal, val, Autoencoder.oneHidden(WIDE_K),
                SIX_EPOCHS, EpochListener.NONE);
        TrainingOutcome outcome = dae.outcome();

        double denoised = Metrics.meanSquaredError(dae.reconstruct(noisyVal), val);
        double noisy = Metrics.meanSquaredError(noisyVal, val);
        System.out.printf("DAE-40%% k=%d: val MSE %.4f (noisy input vs clean %.4f, mean image %.4f), %d epochs,"
                + " %.1f s, val curve %s%n", WIDE_K, denoised, noisy, meanImageMse, outcome.epochs(),
                outcome.seconds(), Arrays.toString(outcome.valLoss()));
        assertThat(outcome.valLoss()[outcome.epochs() - 1]).isLessThan(outcome.valLoss()[0]);
        // The validation loss is noisy-in vs clean-target MSE: the study's DAE reconstruction error.
        assertThat(outcome.valLoss()[outcome.bestEpoch() - 1]).isCloseTo(denoised, withinPercentage(0.2));
        assertThat(denoised).isLessThan(noisy).isLessThan(meanImageMse);
        PictureFiles.decodeAndSave(Pictures.imageRows(List.of("clean", "noisy 40 %", "denoised"),
                List.of(val.head(10), noisyVal.head(10), dae.reconstruct(noisyVal.head(10))), 10, 2),
                "dae40-reconstructions");
        PictureFiles.decodeAndSave(Pictures.weightGrid(dae.encoderWeights(), 16, 2), "dae40-encoder-weights");
    }

    @Test
    void rejectsMismatchedShapesAndEvenLayerCounts() {
        assertThatThrownBy(() -> Autoencoder.train(train, val, val, val, Autoencoder.oneHidden(4), SIX_EPOCHS,
                EpochListener.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Autoencoder.train(train, train, val, val, new int[] {8, 4}, SIX_EPOCHS,
                EpochListener.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Autoencoder.threeHidden(64)).containsExactly(400, 64, 400);
        assertThat(Autoencoder.oneHidden(64)).containsExactly(64);
    }

    /** Checks the validation MSE fell and beats the mean image clearly; returns the final val MSE. */
    private static double reportAndCheckLearning(String name, Autoencoder ae, TrainingConfig cfg) {
        TrainingOutcome outcome = ae.outcome();
        double valMse = Metrics.meanSquaredError(val, ae.reconstruct(val));
        double trainMse = Metrics.meanSquaredError(train, ae.reconstruct(train));
        System.out.printf("%s k=%d: val MSE %.4f, train MSE %.4f (mean image %.4f), %d epochs (best %d), %.1f s,"
                + " val curve %s%n", name, ae.codeSize(), valMse, trainMse, meanImageMse, outcome.epochs(),
                outcome.bestEpoch(), outcome.seconds(), Arrays.toString(outcome.valLoss()));
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train", outcome.trainLoss());
        curves.put("val", outcome.valLoss());
        PictureFiles.decodeAndSave(Pictures.learningCurves(name + " k=" + ae.codeSize() + " reconstruction MSE",
                curves),
                name.toLowerCase() + "-learning-curves");

        assertThat(outcome.epochs()).isBetween(1, cfg.maxEpochs());
        assertThat(outcome.valLoss()).hasSize(outcome.epochs());
        assertThat(outcome.valLoss()[outcome.epochs() - 1]).isLessThan(outcome.valLoss()[0]);
        // DL4J's MSE score is the study's reconstruction MSE (mean over images of the mean squared pixel
        // error), summed in float32 by ND4J: it reads about 0.05 % below the double-precision value.
        assertThat(outcome.valLoss()[outcome.bestEpoch() - 1]).isCloseTo(valMse, withinPercentage(0.2));
        assertThat(valMse).isLessThan(0.8 * meanImageMse);
        return valMse;
    }

    private static FloatMatrix repeatedMeanImage(FloatMatrix from, int rows) {
        double[] mean = PcaModel.columnMeans(from);
        float[] out = new float[rows * from.cols()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < from.cols(); c++) {
                out[r * from.cols() + c] = (float) mean[c];
            }
        }
        return new FloatMatrix(rows, from.cols(), out);
    }
}
