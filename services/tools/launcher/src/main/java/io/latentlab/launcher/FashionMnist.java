package io.latentlab.launcher;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.Checksums;
import io.latentlab.ml.data.DatasetManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fashion-MNIST from Debian's {@code dataset-fashion-mnist} package, without root: the installed files when the
 * package is installed, else {@code apt-get download} and {@code dpkg-deb -x} into a cache directory; the four
 * files verified against the sha256 pinned here, then staged with the ten class names (docs/datasets.md
 * "Fashion-MNIST").
 */
public final class FashionMnist {

    public static final String NAME = "fashion-mnist";
    public static final String PACKAGE = "dataset-fashion-mnist";
    public static final String INSTALL = "sudo apt-get install " + PACKAGE;
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final Path INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");
    /** The files of dataset-fashion-mnist 0.0~git20200523.55506a9-1 (Debian bookworm) and their sha256. */
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");
    private static final long COMMAND_MINUTES = 5;

    private FashionMnist() {
    }

    /** The cache directory: $LATENTLAB_FASHION_DIR or ~/.cache/latentlab/fashion-mnist. */
    public static Path cacheDir() {
        return Path.of(System.getenv().getOrDefault("LATENTLAB_FASHION_DIR",
                System.getProperty("user.home") + "/.cache/latentlab/fashion-mnist"));
    }

    /** Fetches (if needed), verifies and stages Fashion-MNIST; its manifest. */
    public static DatasetManifest stage(ArtifactStore store) {
        Path dir = fetch(cacheDir());
        return DatasetStager.stage(store, NAME, CLASS_NAMES, new DatasetStager.Files4(
                        dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                        dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz")),
                "Debian package " + PACKAGE + " 0.0~git20200523.55506a9-1 (Zalando Research's Fashion-MNIST, MIT licence)");
    }

    /** A directory holding the four verified files: the installed package's, the cache's, or a fresh download's. */
    static Path fetch(Path cache) {
        if (verified(INSTALLED)) {
            return INSTALLED;
        }
        if (verified(cache)) {
            return cache;
        }
        try {
            Path work = Files.createTempDirectory("latentlab-fashion-");
            run(work, "apt-get", "download", PACKAGE);
            Path deb;
            try (Stream<Path> debs = Files.list(work)) {
                deb = debs.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElseThrow(() ->
                        new IllegalStateException("apt-get download " + PACKAGE + " left no .deb in " + work));
            }
            run(work, "dpkg-deb", "-x", deb.toString(), work.resolve("x").toString());
            Files.createDirectories(cache);
            for (String file : SHA256.keySet()) {
                Files.copy(work.resolve("x/usr/share/datasets/fashion-mnist").resolve(file), cache.resolve(file),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (!verified(cache)) {
                throw new IllegalStateException("the files of " + PACKAGE + " in " + cache + " do not have the pinned sha256"
                        + " (FashionMnist.SHA256): a different package version? Install it with: " + INSTALL);
            }
            return cache;
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch " + PACKAGE + " into " + cache + ": " + e
                    + ". Install the package with: " + INSTALL);
        }
    }

    static boolean verified(Path dir) {
        for (Map.Entry<String, String> file : SHA256.entrySet()) {
            Path path = dir.resolve(file.getKey());
            try {
                if (!Files.isRegularFile(path) || !Checksums.sha256Hex(Files.readAllBytes(path)).equals(file.getValue())) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void run(Path dir, String... command) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Fashion-MNIST needs " + command[0] + " (Debian's apt and dpkg) to fetch "
                    + PACKAGE + ", and it is not here (" + e.getMessage() + "). Install the package with: " + INSTALL);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(COMMAND_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + COMMAND_MINUTES
                        + " minutes. Install the package with: " + INSTALL);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + lastLine(output) + ". Install the package with: " + INSTALL);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage() + ". Install the package with: "
                    + INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0]);
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
