package io.latentlab.launcher.cli;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.LauncherConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "watch", description = "Follow a run to its end and save its report under runs/.")
public final class WatchCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Parameters(paramLabel = "RUN_ID", description = "the run to follow")
    String runId;

    @Mixin
    TimeoutOption timeout;

    public WatchCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try (ArtifactStore store = RunFollower.openStore(config)) {
            return RunFollower.watch(config, store, runId, timeout.timeout(), 0).exitCode();
        }
    }
}
