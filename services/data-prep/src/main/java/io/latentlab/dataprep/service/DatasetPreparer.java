package io.latentlab.dataprep.service;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.jobs.Hashing;
import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.ml.data.DigitSplitter;
import io.latentlab.ml.data.Splits;
import io.latentlab.proto.DatasetInfo;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.RunRequest;
import io.latentlab.runtime.data.DatasetStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Splits the request's dataset as the request says and stores the splits. The split's key is a hash of
 * everything that determines it (the dataset's files' sha256, its name unless it is MNIST, the classes, sizes
 * and seed), so a second run with the same ones reuses the stored splits, and no two datasets share one.
 */
@ApplicationScoped
public class DatasetPreparer {

    static final String VERSION = "1";
    private static final String MANIFEST = "dataset.pb";

    private final ArtifactStore store;
    private final DatasetStore datasets;
    private final DatasetSource source;

    public DatasetPreparer(ArtifactStore store, DatasetStore datasets, DatasetSource source) {
        this.store = store;
        this.datasets = datasets;
        this.source = source;
    }

    public DatasetRef prepare(RunRequest request) {
        return prepare(request, request.getSeed());
    }

    /**
     * The request's classes and split sizes, shuffled with {@code splitSeed} (a repeat's seed when each repeat
     * resplits). Classes the dataset does not have: {@link IllegalArgumentException} (the run is rejected).
     */
    public DatasetRef prepare(RunRequest request, long splitSeed) {
        DatasetManifest manifest = manifestOf(request);
        String identity = String.join("|", VERSION, sourceIdentity(manifest), request.getDigitsList().toString(),
                request.getSplit().toString().replace('\n', ' '), Long.toString(splitSeed));
        String prefix = StoreKeys.dataset(Hashing.sha256Hex(identity).substring(0, 24));
        return store.find(prefix + MANIFEST)
                .map(bytes -> EventCodec.decode(bytes, DatasetRef.parser(), prefix + MANIFEST))
                .orElseGet(() -> {
                    Splits splits = DigitSplitter.split(source.load(manifest),
                            request.getDigitsList().stream().mapToInt(Integer::intValue).toArray(),
                            request.getSplit().getTrainPerDigit(), request.getSplit().getValPerDigit(),
                            request.getSplit().getTestPerDigit(), splitSeed);
                    DatasetRef dataset = datasets.save(prefix, splits, Hashing.sha256Hex(identity));
                    store.put(prefix + MANIFEST, dataset.toByteArray());
                    return dataset;
                });
    }

    /** The dataset as the run's report names it: its name, the names of the run's classes in order, its checksum. */
    public DatasetInfo info(RunRequest request) {
        DatasetManifest manifest = manifestOf(request);
        DatasetInfo.Builder info = DatasetInfo.newBuilder().setName(manifest.name()).setSha256(manifest.sha256());
        request.getDigitsList().forEach(label -> info.addClassNames(manifest.classNames().get(label)));
        return info.build();
    }

    /**
     * MNIST's splits hash its files' sha256 alone, as they always have (so its dataset and job keys stay as they
     * were); every other dataset's also hash its name.
     */
    static String sourceIdentity(DatasetManifest manifest) {
        return manifest.isMnist() ? manifest.fileHashes() : "dataset=" + manifest.name() + "|" + manifest.fileHashes();
    }

    private DatasetManifest manifestOf(RunRequest request) {
        DatasetManifest manifest = source.manifest(RunDatasets.of(request));
        List<Integer> unknown = request.getDigitsList().stream()
                .filter(label -> label < 0 || label >= manifest.classNames().size()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("classes " + RunRequestValidator.abbreviate(unknown.toString())
                    + " are not label values of dataset '" + manifest.name() + "', whose " + manifest.classNames().size()
                    + " classes are 0-" + (manifest.classNames().size() - 1) + " ("
                    + RunRequestValidator.abbreviate(String.join(", ", manifest.classNames())) + ")");
        }
        return manifest;
    }
}
