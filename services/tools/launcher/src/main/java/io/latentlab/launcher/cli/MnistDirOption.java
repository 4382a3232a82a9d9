package io.latentlab.launcher.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the verified MNIST files are (./latentlab passes the directory deploy/local/fetch-mnist.sh filled). */
public final class MnistDirOption {

    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "the MNIST files (default: $LATENTLAB_MNIST_DIR or ~/.cache/latentlab/mnist)")
    Path mnistDir;

    public Path mnistDir() {
        if (mnistDir != null) {
            return mnistDir;
        }
        return Path.of(System.getenv().getOrDefault("LATENTLAB_MNIST_DIR",
                System.getProperty("user.home") + "/.cache/latentlab/mnist"));
    }
}
