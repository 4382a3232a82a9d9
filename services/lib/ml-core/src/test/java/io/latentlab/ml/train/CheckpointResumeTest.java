package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A training killed after an epoch and started again on a fresh network resumes from its checkpoint
 * and ends exactly as a training that was never interrupted: same parameter bits, updater state,
 * iteration count, epochs, best epoch, loss curves and archive bytes. For the lean step and fit().
 */
class CheckpointResumeTest {

    private static final TrainingData AE_TRAIN = autoencoderData(11, 300);
    private static final TrainingData AE_VAL = autoencoderData(12, 100);
    // random labels: nothing to learn, so the val loss turns up within a few epochs and patience ends the training
    private static final TrainingData MLP_TRAIN = new TrainingData(TestNets.uniform(DataType.FLOAT, 13, 300, 20),
            TestNets.oneHot(DataType.FLOAT, 14, 300, 3));
    private static final TrainingData MLP_VAL = new TrainingData(TestNets.uniform(DataType.FLOAT, 15, 100, 20),
            TestNets.oneHot(DataType.FLOAT, 16, 100, 3));
    private static final TrainingConfig AE_CFG = new TrainingConfig(0.01, 32, 6, 5, 3);
    private static final TrainingConfig MLP_CFG = new TrainingConfig(0.01, 32, 40, 2, 5);

    private static final Supplier<MultiLayerNetwork> AUTOENCODER = () -> TestNets.autoencoder(DataType.FLOAT, 64, 16);
    private static final Supplier<MultiLayerNetwork> OTHER_AUTOENCODER = () -> TestNets.autoencoder(DataType.FLOAT, 64, 8);
    private static final Supplier<MultiLayerNetwork> CLASSIFIER = () -> TestNets.classifier(DataType.FLOAT, 20, 3, 16);

    @ParameterizedTest
    @ValueSource(strings = {"lean", "fit"})
    void autoencoderKilledAfterEpoch3ResumesAndEndsBitIdentical(String step) {
        Trained plain = train(AUTOENCODER, step, AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(Checkpoints.NONE, 0));
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ZERO);

        assertThatThrownBy(() -> train(AUTOENCODER, step, AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(store, 3)))
                .isInstanceOf(RecordingListener.Killed.class);
        assertThat(store.savedEpochs()).containsExactly(1, 2, 3);
        RecordingListener again = new RecordingListener(store, 0);
        Trained resumed = train(AUTOENCODER, step, AE_TRAIN, AE_VAL, AE_CFG, again);

        assertThat(again.resumedAfter).containsExactly(3);
        assertThat(again.epochs).containsExactly(4, 5, 6);
        assertThat(store.savedEpochs()).as("none after the last epoch").containsExactly(1, 2, 3, 4, 5);
        assertThat(plain.outcome().epochs()).isEqualTo(6);
        assertSameTraining(resumed, plain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lean", "fit"})
    void classifierKilledTheEpochBeforeEarlyStoppingResumesAndStopsAsItWould(String step) {
        Trained plain = train(CLASSIFIER, step, MLP_TRAIN, MLP_VAL, MLP_CFG, new RecordingListener(Checkpoints.NONE, 0));
        int last = plain.outcome().epochs();
        assertThat(last).as("early stopping fired").isLessThan(MLP_CFG.maxEpochs()).isGreaterThan(2);
        assertThat(last - plain.outcome().bestEpoch()).isEqualTo(MLP_CFG.patience());
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ZERO);

        assertThatThrownBy(() -> train(CLASSIFIER, step, MLP_TRAIN, MLP_VAL, MLP_CFG, new RecordingListener(store, last - 1)))
                .isInstanceOf(RecordingListener.Killed.class);
        RecordingListener again = new RecordingListener(store, 0);
        Trained resumed = train(CLASSIFIER, step, MLP_TRAIN, MLP_VAL, MLP_CFG, again);

        assertThat(again.resumedAfter).containsExactly(last - 1);
        assertThat(again.epochs).containsExactly(last);
        assertSameTraining(resumed, plain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lean", "fit"})
    void aCheckpointOfTheEpochAfterWhichPatienceRunsOutStopsRightAway(String step) {
        Trained plain = train(CLASSIFIER, step, MLP_TRAIN, MLP_VAL, MLP_CFG, new RecordingListener(Checkpoints.NONE, 0));
        int last = plain.outcome().epochs();
        // the trainer saves none after its last epoch: take one from a training with more patience, same otherwise
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ZERO);
        TrainingConfig patient = MLP_CFG.withPatience(MLP_CFG.maxEpochs());
        assertThatThrownBy(() -> train(CLASSIFIER, step, MLP_TRAIN, MLP_VAL, patient, new RecordingListener(store, last)))
                .isInstanceOf(RecordingListener.Killed.class);
        assertThat(store.savedEpochs()).endsWith(last);

        RecordingListener again = new RecordingListener(store, 0);
        Trained resumed = train(CLASSIFIER, step, MLP_TRAIN, MLP_VAL, MLP_CFG, again);

        assertThat(again.resumedAfter).containsExactly(last);
        assertThat(again.epochs).as("no epoch trained").isEmpty();
        assertSameTraining(resumed, plain);
    }

    @Test
    void aCheckpointOfAnotherNetworkIsIgnoredAndTrainingStartsFromEpoch1() {
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ZERO);
        assertThatThrownBy(() -> train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(store, 2)))
                .isInstanceOf(RecordingListener.Killed.class);
        TrainingCheckpoint checkpoint = TrainingCheckpoint.fromBytes(store.latest().orElseThrow());
        String training = CheckpointKeeper.describe(AE_CFG, AE_TRAIN, AE_VAL);
        assertThatThrownBy(() -> checkpoint.requireResumable(OTHER_AUTOENCODER.get(), training, AE_CFG.maxEpochs()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another network").hasMessageContaining("64->16").hasMessageContaining("64->8");
        assertThatThrownBy(() -> checkpoint.requireResumable(AUTOENCODER.get(),
                CheckpointKeeper.describe(new TrainingConfig(0.01, 32, 6, 5, 4), AE_TRAIN, AE_VAL), AE_CFG.maxEpochs()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another training");
        assertThatThrownBy(() -> checkpoint.requireResumable(TestNets.autoencoder(DataType.DOUBLE, 64, 16), training, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOUBLE");

        Trained plain = train(OTHER_AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(Checkpoints.NONE, 0));
        RecordingListener other = new RecordingListener(store, 0);
        Trained fromScratch = train(OTHER_AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, other);

        assertThat(other.resumedAfter).isEmpty();
        assertThat(other.epochs).containsExactly(1, 2, 3, 4, 5, 6);
        assertSameTraining(fromScratch, plain);
    }

    @Test
    void corruptOrTruncatedCheckpointsAreRejectedAndIgnored() {
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ZERO);
        assertThatThrownBy(() -> train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(store, 1)))
                .isInstanceOf(RecordingListener.Killed.class);
        byte[] good = store.latest().orElseThrow();
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThatThrownBy(() -> TrainingCheckpoint.fromBytes(flipped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> TrainingCheckpoint.fromBytes(Arrays.copyOf(good, good.length - 100)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrainingCheckpoint.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a training checkpoint");
        TrainingCheckpoint read = TrainingCheckpoint.fromBytes(good);
        assertThat(read.epoch()).isEqualTo(1);
        assertThat(read.toBytes()).as("re-serialized").isEqualTo(good);

        Trained plain = train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(Checkpoints.NONE, 0));
        RecordingListener listener = new RecordingListener(fixed(flipped), 0);
        Trained fromScratch = train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, listener);
        assertThat(listener.resumedAfter).isEmpty();
        assertSameTraining(fromScratch, plain);
    }

    @Test
    void aFailingSaveOrAnIntervalNotYetPassedChangesNothing() {
        Trained plain = train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(Checkpoints.NONE, 0));
        Checkpoints failing = new InMemoryCheckpoints(Duration.ZERO) {
            @Override
            public void save(int epoch, byte[] checkpoint) {
                throw new IllegalStateException("store unreachable");
            }
        };
        assertSameTraining(train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(failing, 0)), plain);

        InMemoryCheckpoints hourly = new InMemoryCheckpoints(Duration.ofHours(1));
        assertSameTraining(train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(hourly, 0)), plain);
        assertThat(hourly.savedEpochs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lean", "fit"})
    void handedBackBetweenEpochsSavesThatEpochAtOnceAndResumesBitIdentical(String step) {
        Trained plain = train(AUTOENCODER, step, AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(Checkpoints.NONE, 0));
        // hourly: no regular checkpoint, so the one stored is the hand-back's own
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ofHours(1));
        HandingBack listener = new HandingBack(store, Duration.ofHours(1)).afterEpoch(3);

        assertThatThrownBy(() -> train(AUTOENCODER, step, AE_TRAIN, AE_VAL, AE_CFG, listener))
                .isInstanceOfSatisfying(TrainingHandedBackException.class, e -> assertThat(e.epoch()).isEqualTo(3));
        assertThat(store.savedEpochs()).containsExactly(3);
        RecordingListener again = new RecordingListener(store, 0);
        Trained resumed = train(AUTOENCODER, step, AE_TRAIN, AE_VAL, AE_CFG, again);

        assertThat(again.resumedAfter).containsExactly(3);
        assertThat(again.epochs).containsExactly(4, 5, 6);
        assertSameTraining(resumed, plain);
    }

    @Test
    void handedBackMidEpochFinishesTheEpochWhenItEndsWithinTheBudget() {
        Trained plain = train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(Checkpoints.NONE, 0));
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ofHours(1));
        // 300 rows at batch 32: 10 minibatches an epoch; asked at the third of epoch 2
        HandingBack listener = new HandingBack(store, Duration.ofHours(1)).atPoll(13);

        assertThatThrownBy(() -> train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, listener))
                .isInstanceOfSatisfying(TrainingHandedBackException.class, e -> assertThat(e.epoch()).isEqualTo(2));
        assertThat(listener.epochs).as("epoch 2 finished").containsExactly(1, 2);
        assertThat(store.savedEpochs()).containsExactly(2);
        Trained resumed = train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(store, 0));
        assertSameTraining(resumed, plain);
    }

    @Test
    void handedBackMidEpochWithoutBudgetStopsAtTheNextMinibatchAndKeepsTheStoredCheckpoint() {
        Trained plain = train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(Checkpoints.NONE, 0));
        InMemoryCheckpoints store = new InMemoryCheckpoints(Duration.ZERO);
        HandingBack listener = new HandingBack(store, Duration.ZERO).atPoll(13);

        assertThatThrownBy(() -> train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, listener))
                .isInstanceOfSatisfying(TrainingHandedBackException.class, e -> assertThat(e.epoch()).isEqualTo(1));
        assertThat(listener.epochs).containsExactly(1);
        assertThat(listener.polls).as("stopped at the poll that asked").isEqualTo(13);
        assertThat(store.savedEpochs()).containsExactly(1);
        Trained resumed = train(AUTOENCODER, "lean", AE_TRAIN, AE_VAL, AE_CFG, new RecordingListener(store, 0));
        assertSameTraining(resumed, plain);
    }

    /** Asks for a hand-back after an epoch or at the n-th poll between minibatches (polls count from 1). */
    private static final class HandingBack implements EpochListener {
        private final Checkpoints checkpoints;
        private final Duration budget;
        private final java.util.List<Integer> epochs = new java.util.ArrayList<>();
        private int afterEpoch = Integer.MAX_VALUE;
        private int atPoll = Integer.MAX_VALUE;
        private int polls;
        private boolean asked;

        HandingBack(Checkpoints checkpoints, Duration budget) {
            this.checkpoints = checkpoints;
            this.budget = budget;
        }

        HandingBack afterEpoch(int epoch) {
            afterEpoch = epoch;
            return this;
        }

        HandingBack atPoll(int poll) {
            atPoll = poll;
            return this;
        }

        @Override
        public void onEpoch(int epoch, int maxEpochs, double trainLoss, double valLoss) {
            epochs.add(epoch);
            asked |= epoch >= afterEpoch;
        }

        @Override
        public boolean cancelled() {
            polls++;
            return false;
        }

        @Override
        public boolean handingBack() {
            asked |= polls >= atPoll;
            return asked;
        }

        @Override
        public Duration handBackBudget() {
            return budget;
        }

        @Override
        public Checkpoints checkpoints() {
            return checkpoints;
        }
    }

    private record Trained(MultiLayerNetwork net, TrainingOutcome outcome) {
    }

    private static Trained train(Supplier<MultiLayerNetwork> network, String step, TrainingData train, TrainingData val,
                                 TrainingConfig cfg, EpochListener listener) {
        MultiLayerNetwork net = network.get();
        TrainingOutcome outcome = NetworkTrainer.train(net, Steps.named(step), train, val, cfg, listener);
        return new Trained(net, outcome);
    }

    private static void assertSameTraining(Trained actual, Trained expected) {
        TrainingOutcome a = actual.outcome();
        TrainingOutcome e = expected.outcome();
        assertThat(a.epochs()).as("epochs").isEqualTo(e.epochs());
        assertThat(a.bestEpoch()).as("best epoch").isEqualTo(e.bestEpoch());
        assertThat(bits(a.trainLoss())).as("train loss").isEqualTo(bits(e.trainLoss()));
        assertThat(bits(a.valLoss())).as("val loss").isEqualTo(bits(e.valLoss()));
        assertThat(bits(actual.net().params())).as("parameter bits").isEqualTo(bits(expected.net().params()));
        assertThat(bits(UpdaterState.view(actual.net()))).as("updater state bits")
                .isEqualTo(bits(UpdaterState.view(expected.net())));
        assertThat(actual.net().getIterationCount()).isEqualTo(expected.net().getIterationCount());
        assertThat(archive(actual)).as("archive bytes").isEqualTo(archive(expected));
    }

    private static byte[] archive(Trained t) {
        return new NetworkArchive(t.net(), t.outcome(), new Properties(), Map.of()).toBytes();
    }

    private static int[] bits(INDArray a) {
        float[] values = a.reshape(a.length()).toFloatVector();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static Checkpoints fixed(byte[] checkpoint) {
        return new InMemoryCheckpoints(Duration.ofHours(1)) {
            @Override
            public Optional<byte[]> latest() {
                return Optional.of(checkpoint);
            }
        };
    }

    private static TrainingData autoencoderData(long seed, int rows) {
        INDArray x = TestNets.uniform(DataType.FLOAT, seed, rows, 64);
        return new TrainingData(x, x);
    }
}
