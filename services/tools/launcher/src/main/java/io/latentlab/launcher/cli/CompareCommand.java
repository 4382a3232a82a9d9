package io.latentlab.launcher.cli;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.RunComparer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare",
        description = "Completed runs side by side, row by row, differences marked (the first run is the baseline).")
public final class CompareCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Parameters(paramLabel = "RUN_ID", arity = "2..*", description = "two or more completed runs")
    List<String> runIds;

    public CompareCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try (ArtifactStore store = RunFollower.openStore(config)) {
            System.out.print(RunComparer.compare(store, runIds));
            return 0;
        }
    }
}
