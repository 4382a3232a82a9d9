package io.latentlab.dataprep.service;

import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.ChecksumMismatchException;
import io.latentlab.ml.data.DatasetFile;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.ml.data.ImageDataset;
import io.latentlab.proto.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The staged datasets, read from the object store where the launcher (or a cluster job) put them: a dataset's
 * manifest (MNIST's is built in), then its four IDX files, each file's size compared with the manifest and the
 * limit before it is downloaded, its sha256 verified, its IDX header checked before anything is allocated from
 * it. The last dataset parsed is kept for later runs while the heap has room for it.
 */
@ApplicationScoped
public class DatasetSource {

    private final ArtifactStore store;
    private final long maxFileBytes;
    // MNIST is 220 MB of floats: kept for the next run while the heap has room, given back to the GC when it has not
    private SoftReference<Parsed> parsed = new SoftReference<>(null);

    private record Parsed(String sha256, ImageDataset data) {
    }

    public DatasetSource(ArtifactStore store,
                         @ConfigProperty(name = "latentlab.dataset.max-file-bytes", defaultValue = "67108864") long maxFileBytes) {
        this.store = store;
        this.maxFileBytes = maxFileBytes;
    }

    /** The named dataset's manifest; a dataset that is not staged, or whose manifest is not one, fails the run. */
    public DatasetManifest manifest(String name) {
        if (DatasetManifest.MNIST_NAME.equals(name)) {
            return DatasetManifest.MNIST;
        }
        String key = StoreKeys.datasetManifest(name);
        ArtifactRef ref = store.stat(key).orElseThrow(() -> new MissingDatasetException("dataset '" + name
                + "' is not staged in bucket '" + store.bucket() + "' (no " + key + "): " + howToStage(name)));
        if (ref.getSize() > DatasetManifest.MAX_JSON_BYTES) {
            throw new MissingDatasetException(key + " has " + ref.getSize() + " bytes, more than a manifest's "
                    + DatasetManifest.MAX_JSON_BYTES + ": stage the dataset again (" + howToStage(name) + ")");
        }
        try {
            DatasetManifest manifest = DatasetManifest.fromJson(store.getByKey(key));
            if (!manifest.name().equals(name)) {
                throw new IllegalArgumentException("it names the dataset '" + manifest.name() + "'");
            }
            return manifest;
        } catch (IllegalArgumentException e) {
            throw new MissingDatasetException(key + " is not a usable manifest: " + e.getMessage());
        }
    }

    /** The dataset's images and labels, every file verified against its manifest. */
    public synchronized ImageDataset load(DatasetManifest manifest) {
        Parsed cached = parsed.get();
        if (cached != null && cached.sha256().equals(manifest.sha256())) {
            return cached.data();
        }
        List<byte[]> files = new ArrayList<>();
        for (DatasetFile file : manifest.files()) {
            files.add(download(manifest, file));
        }
        try {
            ImageDataset data = ImageDataset.of(manifest, files, maxFileBytes);
            parsed = new SoftReference<>(new Parsed(manifest.sha256(), data));
            return data;
        } catch (ChecksumMismatchException | IllegalArgumentException e) {
            throw new MissingDatasetException("dataset '" + manifest.name() + "' is corrupt: " + e.getMessage()
                    + " (" + howToStage(manifest.name()) + " again)");
        }
    }

    private byte[] download(DatasetManifest manifest, DatasetFile file) {
        String key = StoreKeys.datasetFile(manifest.name(), file.file());
        ArtifactRef ref = store.stat(key).orElseThrow(() -> new MissingDatasetException("dataset '" + manifest.name()
                + "': file " + key + " is not in bucket '" + store.bucket() + "': " + howToStage(manifest.name())));
        // sizes before bytes: a file that is not the manifest's, or too large for the stage, is never downloaded
        if (ref.getSize() != file.size()) {
            throw new MissingDatasetException("dataset '" + manifest.name() + "' is corrupt: " + manifest.name() + "/"
                    + file.file() + " has " + ref.getSize() + " bytes, its manifest says " + file.size());
        }
        if (ref.getSize() > maxFileBytes) {
            throw new MissingDatasetException("dataset '" + manifest.name() + "': " + file.file() + " has " + ref.getSize()
                    + " bytes, more than latentlab.dataset.max-file-bytes (" + maxFileBytes + ")");
        }
        return store.getByKey(key);
    }

    private static String howToStage(String name) {
        if (DatasetManifest.MNIST_NAME.equals(name)) {
            return "stage it with './latentlab stage-mnist' (or the cluster's staging job)";
        }
        if (RunDatasets.FASHION_MNIST.equals(name)) {
            return "'./latentlab run --profile fashion' or './latentlab stage-dataset --name fashion-mnist' stages it";
        }
        return "stage it with './latentlab stage-dataset --name " + name + " ...'";
    }
}
