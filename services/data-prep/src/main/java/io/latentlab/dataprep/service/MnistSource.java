package io.latentlab.dataprep.service;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.ImageDataset;
import io.latentlab.ml.data.MnistFile;
import jakarta.enterprise.context.ApplicationScoped;

import java.lang.ref.SoftReference;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The original MNIST IDX files, read from the object store where the launcher (or a cluster job)
 * staged them, checksum-verified, parsed and kept for later runs while the heap has room for them.
 */
@ApplicationScoped
public class MnistSource {

    private final ArtifactStore store;
    // 220 MB of floats: kept for the next run while the heap has room, given back to the GC when it has not
    private SoftReference<ImageDataset> mnist = new SoftReference<>(null);

    public MnistSource(ArtifactStore store) {
        this.store = store;
    }

    public synchronized ImageDataset mnist() {
        ImageDataset parsed = mnist.get();
        if (parsed == null) {
            Map<MnistFile, byte[]> files = new EnumMap<>(MnistFile.class);
            for (MnistFile file : MnistFile.values()) {
                String key = StoreKeys.mnist(file.fileName());
                byte[] bytes = store.find(key).orElseThrow(() -> new MissingDatasetException(
                        "MNIST file " + key + " is not in bucket '" + store.bucket()
                                + "': stage it with './latentlab stage-mnist' (or the cluster's staging job)"));
                files.put(file, bytes);
            }
            parsed = ImageDataset.mnist(files);
            mnist = new SoftReference<>(parsed);
        }
        return parsed;
    }

    /** sha256 of the four source files, in a fixed order: part of every dataset's identity. */
    public static String sourceHash() {
        return String.join(",", List.of(MnistFile.values()).stream().map(MnistFile::sha256).toList());
    }
}
