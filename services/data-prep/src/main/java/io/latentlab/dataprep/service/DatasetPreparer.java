package io.latentlab.dataprep.service;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.jobs.Hashing;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.DigitSplitter;
import io.latentlab.ml.data.Splits;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.RunRequest;
import io.latentlab.runtime.data.DatasetStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Splits MNIST as the request says and stores the splits. The dataset's key is a hash of everything
 * that determines it, so a second run with the same digits, sizes and seed reuses the stored splits.
 */
@ApplicationScoped
public class DatasetPreparer {

    static final String VERSION = "1";
    private static final String MANIFEST = "dataset.pb";

    private final ArtifactStore store;
    private final DatasetStore datasets;
    private final MnistSource mnist;

    public DatasetPreparer(ArtifactStore store, DatasetStore datasets, MnistSource mnist) {
        this.store = store;
        this.datasets = datasets;
        this.mnist = mnist;
    }

    public DatasetRef prepare(RunRequest request) {
        return prepare(request, request.getSeed());
    }

    /** The request's digits and split sizes, shuffled with {@code splitSeed} (a repeat's seed when each repeat resplits). */
    public DatasetRef prepare(RunRequest request, long splitSeed) {
        String identity = String.join("|", VERSION, MnistSource.sourceHash(), request.getDigitsList().toString(),
                request.getSplit().toString().replace('\n', ' '), Long.toString(splitSeed));
        String prefix = StoreKeys.dataset(Hashing.sha256Hex(identity).substring(0, 24));
        return store.find(prefix + MANIFEST)
                .map(bytes -> EventCodec.decode(bytes, DatasetRef.parser(), prefix + MANIFEST))
                .orElseGet(() -> {
                    Splits splits = DigitSplitter.split(mnist.mnist(),
                            request.getDigitsList().stream().mapToInt(Integer::intValue).toArray(),
                            request.getSplit().getTrainPerDigit(), request.getSplit().getValPerDigit(),
                            request.getSplit().getTestPerDigit(), splitSeed);
                    DatasetRef dataset = datasets.save(prefix, splits, Hashing.sha256Hex(identity));
                    store.put(prefix + MANIFEST, dataset.toByteArray());
                    return dataset;
                });
    }
}
