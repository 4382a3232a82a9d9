package io.latentlab.launcher.cli;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.MnistStager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "stage-mnist", description = "Put the verified MNIST files into the object store.")
public final class StageMnistCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Mixin
    MnistDirOption mnist;

    public StageMnistCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try (ArtifactStore store = RunFollower.openStore(config)) {
            store.ensureBucket();
            int uploaded = MnistStager.stage(store, mnist.mnistDir());
            System.out.println("MNIST staged (" + uploaded + " files uploaded)");
            return 0;
        }
    }
}
