package io.latentlab.ml.train;

import io.latentlab.ml.io.Npy;
import io.latentlab.ml.io.ZipEntries;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A trained network as one zip: the DL4J model (ModelSerializer, with updater), its training outcome
 * (loss curves as .npy, epochs and time as properties) and whatever else its owner stores beside it.
 */
public record NetworkArchive(MultiLayerNetwork network, TrainingOutcome outcome, Properties properties,
                             Map<String, byte[]> attachments) {

    private static final String MODEL = "model.zip";
    private static final String TRAIN_LOSS = "train_loss.npy";
    private static final String VAL_LOSS = "val_loss.npy";
    private static final String META = "meta.properties";

    public byte[] toBytes() {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        StringWriter meta = new StringWriter();
        Properties all = new Properties();
        all.putAll(properties);
        all.setProperty("epochs", Integer.toString(outcome.epochs()));
        all.setProperty("bestEpoch", Integer.toString(outcome.bestEpoch()));
        all.setProperty("seconds", Double.toString(outcome.seconds()));
        try {
            ModelSerializer.writeModel(network, model, true);
            all.store(meta, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MODEL, model.toByteArray());
        entries.putAll(attachments);
        entries.put(TRAIN_LOSS, Npy.writeDoubles(outcome.trainLoss()));
        entries.put(VAL_LOSS, Npy.writeDoubles(outcome.valLoss()));
        entries.put(META, meta.toString().getBytes(StandardCharsets.ISO_8859_1));
        return ZipEntries.write(entries);
    }

    /** @param what names the archive in error messages ("autoencoder", "trained classifier") */
    public static NetworkArchive fromBytes(byte[] bytes, String what) {
        Map<String, byte[]> entries = ZipEntries.read(bytes);
        MultiLayerNetwork net;
        Properties meta = new Properties();
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(ZipEntries.require(entries, MODEL, what)), true);
            meta.load(new StringReader(new String(ZipEntries.require(entries, META, what), StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot restore " + what, e);
        }
        TrainingOutcome outcome = new TrainingOutcome(
                Integer.parseInt(meta.getProperty("epochs")),
                Integer.parseInt(meta.getProperty("bestEpoch")),
                Npy.readDoubles(ZipEntries.require(entries, TRAIN_LOSS, what)),
                Npy.readDoubles(ZipEntries.require(entries, VAL_LOSS, what)),
                Double.parseDouble(meta.getProperty("seconds")));
        Map<String, byte[]> attachments = new LinkedHashMap<>(entries);
        attachments.keySet().removeAll(java.util.List.of(MODEL, TRAIN_LOSS, VAL_LOSS, META));
        return new NetworkArchive(net, outcome, meta, attachments);
    }
}
