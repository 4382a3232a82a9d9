package io.latentlab.ml.train;

import io.latentlab.ml.io.Nd4jBinary;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.io.ZipEntries;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A trained network as one zip: the DL4J model (ModelSerializer, with updater), its training outcome
 * (loss curves as .npy, epochs as properties) and whatever else its owner stores beside it. The
 * outcome's wall time is not stored: a restored archive reports 0 seconds.
 */
public record NetworkArchive(MultiLayerNetwork network, TrainingOutcome outcome, Properties properties,
                             Map<String, byte[]> attachments) {

    private static final String MODEL = "model.zip";
    private static final String TRAIN_LOSS = "train_loss.npy";
    private static final String VAL_LOSS = "val_loss.npy";
    private static final String META = "meta.properties";
    // the entries of ModelSerializer's zip
    private static final String CONFIGURATION = "configuration.json";
    private static final String COEFFICIENTS = "coefficients.bin";
    private static final String NO_PARAMS = "noParams.marker";
    private static final String UPDATER = "updaterState.bin";

    /**
     * The same network and outcome give the same bytes (a job's outputs are compared and cached by
     * hash): no wall time, properties sorted without the date comment, every zip entry at a fixed time.
     */
    public byte[] toBytes() {
        Properties all = new Properties();
        all.putAll(properties);
        all.setProperty("epochs", Integer.toString(outcome.epochs()));
        all.setProperty("bestEpoch", Integer.toString(outcome.bestEpoch()));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MODEL, modelZip(network));
        entries.putAll(new TreeMap<>(attachments));
        entries.put(TRAIN_LOSS, Npy.writeDoubles(outcome.trainLoss()));
        entries.put(VAL_LOSS, Npy.writeDoubles(outcome.valLoss()));
        entries.put(META, sortedWithoutDate(all).getBytes(StandardCharsets.ISO_8859_1));
        return ZipEntries.write(entries);
    }

    /**
     * What {@code ModelSerializer.writeModel(network, out, true)} writes (so that ModelSerializer restores it),
     * but stored, not deflated, at ZipEntries' fixed time and with the arrays copied in bulk
     * ({@link Nd4jBinary}): ModelSerializer's per-float writes and deflating of incompressible floats
     * took a third of a small classifier job's time.
     */
    static byte[] modelZip(MultiLayerNetwork network) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CONFIGURATION, network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
        INDArray params = network.params();
        if (params == null) {
            entries.put(NO_PARAMS, new byte[0]);
        } else {
            entries.put(COEFFICIENTS, nd4jBytes(params));
        }
        INDArray updaterState = network.getUpdater() == null ? null : network.getUpdater().getStateViewArray();
        if (updaterState != null && updaterState.length() > 0) {
            entries.put(UPDATER, nd4jBytes(updaterState));
        }
        return ZipEntries.write(entries);
    }

    private static byte[] nd4jBytes(INDArray array) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, array.length() * 4 + 256));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4jBinary.write(array, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code Properties.store}'s format (escapes and all) without its date comment, lines sorted. */
    static String sortedWithoutDate(Properties properties) {
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // store() escapes line breaks and a leading '#' or '!' in keys: one line per entry, comments start with '#'
        return out.toString().lines()
                .filter(line -> !line.startsWith("#"))
                .sorted()
                .map(line -> line + "\n")
                .collect(Collectors.joining());
    }

    /** @param what names the archive in error messages ("autoencoder", "trained classifier") */
    public static NetworkArchive fromBytes(byte[] bytes, String what) {
        return fromBytes(bytes, what, true);
    }

    /**
     * @param withUpdater false to leave Adam's moments out: a network only used for inference (the model server)
     *                    then holds a third of the memory
     */
    public static NetworkArchive fromBytes(byte[] bytes, String what, boolean withUpdater) {
        Map<String, byte[]> entries = ZipEntries.read(bytes);
        MultiLayerNetwork net;
        Properties meta = new Properties();
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(ZipEntries.require(entries, MODEL, what)), withUpdater);
            meta.load(new StringReader(new String(ZipEntries.require(entries, META, what), StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot restore " + what, e);
        }
        TrainingOutcome outcome = new TrainingOutcome(
                Integer.parseInt(meta.getProperty("epochs")),
                Integer.parseInt(meta.getProperty("bestEpoch")),
                Npy.readDoubles(ZipEntries.require(entries, TRAIN_LOSS, what)),
                Npy.readDoubles(ZipEntries.require(entries, VAL_LOSS, what)),
                0); // wall time is not archived, so that archives of the same training are byte-identical
        meta.remove("seconds"); // archives written before that had it
        Map<String, byte[]> attachments = new LinkedHashMap<>(entries);
        attachments.keySet().removeAll(java.util.List.of(MODEL, TRAIN_LOSS, VAL_LOSS, META));
        return new NetworkArchive(net, outcome, meta, attachments);
    }
}
