package io.latentlab.launcher.cli;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.launcher.FashionMnist;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.MnistStager;
import io.latentlab.launcher.RunOutcome;
import io.latentlab.proto.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "run", description = "Stage MNIST (and Fashion-MNIST when the run names it), submit a run and follow it"
        + " to its end; print the verdict.")
public final class RunCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Mixin
    RequestOptions request;

    @Mixin
    MnistDirOption mnist;

    @Mixin
    TimeoutOption timeout;

    public RunCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try (ArtifactStore store = RunFollower.openStore(config)) {
            store.ensureBucket();
            MnistStager.stage(store, mnist.mnistDir());
            RunRequest runRequest = request.toRequest();
            if (RunDatasets.of(runRequest).equals(FashionMnist.NAME)) {
                System.out.println("Fashion-MNIST staged (sha256 " + FashionMnist.stage(store).sha256() + ")");
            }
            System.out.println("run " + runRequest.getRunId() + " (profile " + runRequest.getProfile() + ")");
            RunFollower.submit(config, runRequest);
            RunOutcome outcome = RunFollower.watch(config, store, runRequest.getRunId(), timeout.timeout(), 0);
            RunFollower.printSummary(outcome);
            return outcome.exitCode();
        }
    }
}
