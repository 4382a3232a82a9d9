package io.latentlab.ml;

import io.latentlab.ml.data.ImageDataset;
import io.latentlab.ml.data.MnistFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the real MNIST IDX files: system property {@code latentlab.mnist.dir}, else env
 * {@code LATENTLAB_MNIST_DIR}, else {@code ~/.cache/latentlab/mnist}. Missing files fail the test.
 */
public final class MnistTestFiles {
    private static ImageDataset cached;

    private MnistTestFiles() {
    }

    public static Path dir() {
        String prop = System.getProperty("latentlab.mnist.dir");
        String env = System.getenv("LATENTLAB_MNIST_DIR");
        Path dir;
        if (prop != null && !prop.isBlank()) {
            dir = Paths.get(prop);
        } else if (env != null && !env.isBlank()) {
            dir = Paths.get(env);
        } else {
            dir = Paths.get(System.getProperty("user.home"), ".cache", "latentlab", "mnist");
        }
        for (MnistFile f : MnistFile.values()) {
            if (!Files.isRegularFile(dir.resolve(f.fileName()))) {
                throw new AssertionError("MNIST file " + dir.resolve(f.fileName()) + " is missing: run "
                        + "deploy/local/fetch-mnist.sh (or point -Dlatentlab.mnist.dir / LATENTLAB_MNIST_DIR "
                        + "at a directory holding the four uncompressed IDX files)");
            }
        }
        return dir;
    }

    public static Path file(MnistFile f) {
        return dir().resolve(f.fileName());
    }

    /** Parsed once per JVM: several test classes share it. */
    public static synchronized ImageDataset mnist() {
        if (cached == null) {
            cached = ImageDataset.loadMnist(dir());
        }
        return cached;
    }
}
