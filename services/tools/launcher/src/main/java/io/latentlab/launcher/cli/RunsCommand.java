package io.latentlab.launcher.cli;

import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.RunList;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "runs", description = "Every run and its state (./latentlab status prints it too).")
public final class RunsCommand implements Callable<Integer> {

    private final LauncherConfig config;

    public RunsCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        RunList.print(config, System.out);
        return 0;
    }
}
