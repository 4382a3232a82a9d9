package io.latentlab.launcher;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.Checksums;
import io.latentlab.ml.data.MnistFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Puts the verified MNIST IDX files where data-prep reads them, unless the same bytes are there already. */
public final class MnistStager {

    private MnistStager() {
    }

    public static int stage(ArtifactStore store, Path mnistDir) {
        int uploaded = 0;
        for (MnistFile file : MnistFile.values()) {
            String key = StoreKeys.mnist(file.fileName());
            boolean present = store.stat(key).map(ref -> ref.getSha256().equals(file.sha256())).orElse(false);
            if (present) {
                continue;
            }
            Path path = mnistDir.resolve(file.fileName());
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(path + " is missing: run deploy/local/fetch-mnist.sh");
            }
            byte[] bytes = read(path);
            Checksums.verify(bytes, file.sha256(), file.fileName());
            store.put(key, bytes);
            uploaded++;
        }
        return uploaded;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
