package io.latentlab.runtime.data;

import io.latentlab.kit.jobs.Hashing;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.data.Splits;
import io.latentlab.ml.io.Npy;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.SplitRef;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads and writes dataset splits as .npy artifacts (features float32, labels int32). */
@ApplicationScoped
public class DatasetStore {

    private final ArtifactStore store;

    public DatasetStore(ArtifactStore store) {
        this.store = store;
    }

    public LabeledData load(SplitRef split) {
        return new LabeledData(features(split), labels(split));
    }

    public FloatMatrix features(SplitRef split) {
        return Npy.readFloatMatrix(store.get(split.getFeatures()));
    }

    public int[] labels(SplitRef split) {
        return Npy.readInts(store.get(split.getLabels()));
    }

    /** Stores three splits under {@code prefix}; the dataset hash covers every artifact and {@code extraHash}. */
    public DatasetRef save(String prefix, Splits splits, String extraHash) {
        SplitRef train = save(prefix + "train", splits.train());
        SplitRef val = save(prefix + "val", splits.val());
        SplitRef test = save(prefix + "test", splits.test());
        return datasetRef(train, val, test, splits.train().x().cols(), extraHash);
    }

    /** Stores only new features next to existing labels (a reducer's codes share the dataset's labels). */
    public SplitRef saveFeatures(String key, FloatMatrix features, SplitRef labelsFrom) {
        ArtifactRef ref = store.put(key, Npy.write(features));
        return SplitRef.newBuilder().setFeatures(ref).setLabels(labelsFrom.getLabels()).setRows(features.rows()).build();
    }

    public static DatasetRef datasetRef(SplitRef train, SplitRef val, SplitRef test, int dims, String extraHash) {
        String sha = Hashing.sha256Hex(String.join("|",
                train.getFeatures().getSha256(), train.getLabels().getSha256(),
                val.getFeatures().getSha256(), val.getLabels().getSha256(),
                test.getFeatures().getSha256(), test.getLabels().getSha256(), extraHash));
        return DatasetRef.newBuilder().setSha256(sha).setTrain(train).setVal(val).setTest(test).setDims(dims).build();
    }

    private SplitRef save(String keyPrefix, LabeledData data) {
        ArtifactRef x = store.put(keyPrefix + "-x.npy", Npy.write(data.x()));
        ArtifactRef y = store.put(keyPrefix + "-y.npy", Npy.writeInts(data.y()));
        return SplitRef.newBuilder().setFeatures(x).setLabels(y).setRows(data.x().rows()).build();
    }
}
