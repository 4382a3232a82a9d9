package io.latentlab.launcher.cli;

import io.latentlab.launcher.LauncherConfig;
import io.latentlab.proto.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "submit", description = "Publish a run request and print its run id (./latentlab watch follows it).")
public final class SubmitCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Mixin
    RequestOptions request;

    public SubmitCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        RunRequest runRequest = request.toRequest();
        RunFollower.submit(config, runRequest);
        System.out.println(runRequest.getRunId());
        return 0;
    }
}
