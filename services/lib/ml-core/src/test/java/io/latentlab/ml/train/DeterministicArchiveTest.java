package io.latentlab.ml.train;

import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.classify.TrainedClassifier;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.io.ZipEntries;
import io.latentlab.ml.reduce.Autoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two trainings of the same job write the same archive bytes (outputs are keyed and compared by hash),
 * and the archive still round-trips.
 */
class DeterministicArchiveTest {

    private static final TrainingConfig CFG = new TrainingConfig(0.01, 32, 3, 5, 21);

    @Test
    void theSameTrainingTwiceWritesIdenticalArchivesThatRoundTrip() throws IOException {
        INDArray x = TestNets.uniform(DataType.FLOAT, 31, 200, 64);
        TrainingData data = new TrainingData(x, x);
        Properties properties = new Properties();
        properties.setProperty("zeta", "last");
        properties.setProperty("alpha", "first\nwith a line break");
        properties.setProperty("#hash", "a key that looks like a comment");
        Map<String, byte[]> attachments = new LinkedHashMap<>();
        attachments.put("z.bin", new byte[] {3});
        attachments.put("a.bin", new byte[] {1, 2});

        byte[] first = trainedArchive(data, properties, attachments);
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        reversed.put("a.bin", new byte[] {1, 2});
        reversed.put("z.bin", new byte[] {3});
        byte[] second = trainedArchive(data, properties, reversed);

        assertThat(second).isEqualTo(first);
        String meta = new String(ZipEntries.read(first).get("meta.properties"), StandardCharsets.ISO_8859_1);
        assertThat(meta).as("no date comment, no wall time").doesNotContain("seconds").doesNotStartWith("#");
        assertThat(meta.lines().toList()).isSorted();
        assertThat(entryTimes(first)).as("the archive's entries").containsOnly(fixedTime());
        assertThat(entryTimes(ZipEntries.read(first).get("model.zip"))).as("the DL4J model's entries").containsOnly(fixedTime());

        NetworkArchive restored = NetworkArchive.fromBytes(first, "test network");
        MultiLayerNetwork again = TestNets.autoencoder(DataType.FLOAT, 64, 16);
        TrainingOutcome outcome = NetworkTrainer.train(again, data, data, CFG, EpochListener.NONE);
        assertThat(restored.network().params()).isEqualTo(again.params());
        assertThat(restored.network().output(x)).isEqualTo(again.output(x));
        assertThat(restored.outcome().epochs()).isEqualTo(outcome.epochs());
        assertThat(restored.outcome().bestEpoch()).isEqualTo(outcome.bestEpoch());
        assertThat(restored.outcome().trainLoss()).containsExactly(outcome.trainLoss());
        assertThat(restored.outcome().valLoss()).containsExactly(outcome.valLoss());
        assertThat(restored.outcome().seconds()).as("wall time is not archived").isZero();
        assertThat(restored.properties().getProperty("alpha")).isEqualTo("first\nwith a line break");
        assertThat(restored.properties().getProperty("#hash")).isEqualTo("a key that looks like a comment");
        assertThat(restored.attachments()).containsOnlyKeys("a.bin", "z.bin");
        assertThat(restored.toBytes()).as("restored and written again").isEqualTo(first);
    }

    @Test
    void autoencoderAndClassifierArchivesOfTheSameTrainingAreIdentical() {
        FloatMatrix images = random(41, 150, 64);
        FloatMatrix valImages = random(42, 50, 64);
        byte[] ae1 = Autoencoder.train(images, images, valImages, valImages, Autoencoder.oneHidden(8), CFG,
                EpochListener.NONE).toBytes();
        byte[] ae2 = Autoencoder.train(images, images, valImages, valImages, Autoencoder.oneHidden(8), CFG,
                EpochListener.NONE).toBytes();
        assertThat(ae2).isEqualTo(ae1);
        assertThat(Autoencoder.fromBytes(ae1).toBytes()).isEqualTo(ae1);

        LabeledData train = new LabeledData(images, labels(43, 150));
        LabeledData val = new LabeledData(valImages, labels(44, 50));
        TrainedClassifier clf1 = MlpClassifier.train(train, val, 3, new int[] {16}, CFG, EpochListener.NONE);
        TrainedClassifier clf2 = MlpClassifier.train(train, val, 3, new int[] {16}, CFG, EpochListener.NONE);
        assertThat(clf2.toBytes()).isEqualTo(clf1.toBytes());
        assertThat(TrainedClassifier.fromBytes(clf1.toBytes()).toBytes()).isEqualTo(clf1.toBytes());
    }

    @Test
    void theModelEntryHoldsWhatModelSerializerWritesAndRestoresWithItsUpdater() throws IOException {
        INDArray x = TestNets.uniform(DataType.FLOAT, 33, 120, 64);
        TrainingData data = new TrainingData(x, x);
        MultiLayerNetwork net = TestNets.autoencoder(DataType.FLOAT, 64, 16);
        NetworkTrainer.train(net, data, data, CFG, EpochListener.NONE);

        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, serialized, true);
        Map<String, byte[]> theirs = ZipEntries.read(serialized.toByteArray());
        byte[] ours = NetworkArchive.modelZip(net);
        assertThat(ZipEntries.read(ours)).containsOnlyKeys(theirs.keySet());
        theirs.forEach((name, bytes) -> assertThat(ZipEntries.read(ours).get(name)).as(name).isEqualTo(bytes));
        assertThat(methods(ours)).as("stored, not deflated").containsOnly(ZipEntry.STORED);

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(ours), true);
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
    }

    private static List<Integer> methods(byte[] zip) throws IOException {
        List<Integer> methods = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                methods.add(e.getMethod());
            }
        }
        return methods;
    }

    private static byte[] trainedArchive(TrainingData data, Properties properties, Map<String, byte[]> attachments) {
        MultiLayerNetwork net = TestNets.autoencoder(DataType.FLOAT, 64, 16);
        TrainingOutcome outcome = NetworkTrainer.train(net, data, data, CFG, EpochListener.NONE);
        return new NetworkArchive(net, outcome, properties, attachments).toBytes();
    }

    private static long fixedTime() {
        ZipEntry entry = new ZipEntry("x");
        entry.setTime(0L);
        return entry.getTime();
    }

    private static List<Long> entryTimes(byte[] zip) throws IOException {
        List<Long> times = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                times.add(e.getTime());
            }
        }
        return times;
    }

    private static FloatMatrix random(long seed, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        return new FloatMatrix(rows, cols, data);
    }

    private static int[] labels(long seed, int rows) {
        return new SplittableRandom(seed).ints(rows, 0, 3).toArray();
    }
}
