package io.latentlab.ml.classify;

import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.train.TrainingCancelledException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentlab.ml.MnistTestFiles;
import io.latentlab.ml.data.DigitSplitter;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.data.Splits;
import io.latentlab.ml.metrics.Metrics;
import io.latentlab.ml.nd4j.NdArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class MlpClassifierTest {
    private static final int[] STUDY_DIGITS = {0, 1, 2, 4, 7};

    private static Splits smallSplits(int train, int val, int test) {
        return DigitSplitter.split(MnistTestFiles.mnist(), STUDY_DIGITS, train, val, test, 11);
    }

    @Test
    void learnsStudyDigitsAndRestoresExactly() {
        Splits s = smallSplits(300, 100, 100);
        List<double[]> seen = new ArrayList<>();
        List<Long> epochEnds = new ArrayList<>();
        EpochListener record = (epoch, max, trainLoss, valLoss) -> {
            seen.add(new double[] {epoch, max, trainLoss, valLoss});
            epochEnds.add(System.nanoTime());
        };

        TrainedClassifier clf = MlpClassifier.train(s.train(), s.val(), 5, MlpClassifier.A1,
                TrainingConfig.study(5).withMaxEpochs(15), record);

        double testAccuracy = Metrics.accuracy(s.test().y(), clf.predict(s.test().x()));
        System.out.printf("MLP A1 on 1500 rows: %d epochs (best %d), %.2f s (%.3f s/epoch), val loss %s,"
                + " test accuracy %.3f%n", clf.epochs(), clf.bestEpoch(), clf.trainSeconds(),
                clf.trainSeconds() / clf.epochs(), Arrays.toString(clf.valLoss()), testAccuracy);
        if (epochEnds.size() > 2) {
            double later = (epochEnds.get(epochEnds.size() - 1) - epochEnds.get(1)) / 1e9 / (epochEnds.size() - 2);
            System.out.printf("MLP A1 epoch time after warm-up: %.3f s for %d batches of 32%n", later,
                    (s.train().size() + 31) / 32);
        }
        assertThat(testAccuracy).isGreaterThan(0.9);
        assertThat(clf.epochs()).isBetween(1, 15);
        assertThat(clf.trainLoss()).hasSize(clf.epochs());
        assertThat(clf.valLoss()).hasSize(clf.epochs());
        assertThat(clf.trainLoss()[clf.epochs() - 1]).isLessThan(clf.trainLoss()[0]);
        assertThat(seen).hasSize(clf.epochs());
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)[0]).isEqualTo(i + 1);
            assertThat(seen.get(i)[1]).isEqualTo(15);
            assertThat(seen.get(i)[3]).isEqualTo(clf.valLoss()[i]);
        }

        TrainedClassifier restored = TrainedClassifier.fromBytes(clf.toBytes());
        assertThat(restored.predict(s.test().x())).containsExactly(clf.predict(s.test().x()));
        assertThat(restored.probabilities(s.test().x())).isEqualTo(clf.probabilities(s.test().x()));
        assertThat(restored.epochs()).isEqualTo(clf.epochs());
        assertThat(restored.bestEpoch()).isEqualTo(clf.bestEpoch());
        assertThat(restored.valLoss()).containsExactly(clf.valLoss());
        assertThat(restored.trainSeconds()).as("wall time is not archived").isZero();
    }

    @Test
    void earlyStoppingRespectsPatienceAndKeepsBestWeights() {
        Splits s = smallSplits(40, 40, 1);
        // A high learning rate on a tiny set overfits fast, so validation loss turns up early.
        TrainingConfig cfg = new TrainingConfig(0.01, 32, 60, 2, 3);
        TrainedClassifier clf = MlpClassifier.train(s.train(), s.val(), 5, new int[] {64}, cfg, EpochListener.NONE);

        double[] val = clf.valLoss();
        int best = clf.bestEpoch();
        assertThat(clf.epochs()).as("stopped early").isLessThan(60);
        assertThat(clf.epochs() - best).isEqualTo(2);
        assertThat(val[best - 1]).isEqualTo(Arrays.stream(val).min().orElseThrow());
        for (int e = best; e < clf.epochs(); e++) {
            assertThat(val[e]).isGreaterThanOrEqualTo(val[best - 1]);
        }
        // The network holds the best epoch's weights, not the last epoch's.
        DataSet valSet = new DataSet(NdArrays.toFloatArray(clf.standardizer().apply(s.val().x())),
                NdArrays.oneHot(s.val().y(), 5));
        assertThat(clf.network().score(valSet)).isCloseTo(val[best - 1], within(1e-6));
    }

    @Test
    void sameSeedTrainsTheSameNetwork() {
        Splits s = smallSplits(30, 10, 10);
        TrainingConfig cfg = TrainingConfig.study(9).withMaxEpochs(3);
        TrainedClassifier a = MlpClassifier.train(s.train(), s.val(), 5, new int[] {32}, cfg, EpochListener.NONE);
        TrainedClassifier b = MlpClassifier.train(s.train(), s.val(), 5, new int[] {32}, cfg, EpochListener.NONE);
        assertThat(a.valLoss()).containsExactly(b.valLoss());
        assertThat(a.network().params()).isEqualTo(b.network().params());
    }

    @Test
    void listenerCanCancel() {
        Splits s = smallSplits(30, 10, 10);
        EpochListener cancelAfterTwo = new EpochListener() {
            private int epochs;

            @Override
            public void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss) {
                epochs = epoch;
            }

            @Override
            public boolean cancelled() {
                return epochs >= 2;
            }
        };
        assertThatThrownBy(() -> MlpClassifier.train(s.train(), s.val(), 5, new int[] {16},
                TrainingConfig.study(1), cancelAfterTwo))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessageContaining("epoch 3");
    }

    @Test
    void studyConfigMatchesProtocol() {
        assertThat(TrainingConfig.study(4)).isEqualTo(new TrainingConfig(0.001, 32, 100, 5, 4));
        assertThatThrownBy(() -> new TrainingConfig(0.001, 0, 100, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        LabeledData empty = new LabeledData(io.latentlab.ml.data.FloatMatrix.zeros(0, 3), new int[0]);
        assertThatThrownBy(() -> MlpClassifier.train(empty, empty, 2, new int[] {2}, TrainingConfig.study(1),
                EpochListener.NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
