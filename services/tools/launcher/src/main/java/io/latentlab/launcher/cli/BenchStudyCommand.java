package io.latentlab.launcher.cli;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.MnistStager;
import io.latentlab.launcher.RunOutcome;
import io.latentlab.launcher.bench.ProcessCpu;
import io.latentlab.launcher.bench.StudyBench;
import io.latentlab.proto.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** A study from scratch (reuse off, so every job trains), or the completed run of --run, measured. */
@Command(name = "bench-study", description = "Run a study from scratch (job reuse off), or measure the completed run of"
        + " --run: print its efficiency and write runs/<id>/bench.json.")
public final class BenchStudyCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Mixin
    RequestOptions request;

    @Mixin
    MnistDirOption mnist;

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "measure this completed run instead of running one")
    String run;

    @Option(names = "--pids", paramLabel = "DIR",
            description = "the pid files of the processes whose CPU to account (Linux only)")
    Path pids;

    public BenchStudyCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try (ArtifactStore store = RunFollower.openStore(config)) {
            String runId = run;
            Map<String, Map<String, Double>> cpu = Map.of();
            if (runId == null) {
                // the processes ./latentlab started, if it says where their pid files are
                Optional<ProcessCpu> processes = Optional.ofNullable(pids).flatMap(ProcessCpu::local);
                store.ensureBucket();
                MnistStager.stage(store, mnist.mnistDir());
                RunRequest runRequest = request.toRequest().toBuilder().setDisableJobReuse(true).build();
                System.out.println("study bench: run " + runRequest.getRunId() + " (profile " + runRequest.getProfile()
                        + ", job reuse off)");
                Map<String, Map<String, Double>> before = processes.map(ProcessCpu::snapshot).orElse(Map.of());
                RunFollower.submit(config, runRequest);
                RunOutcome outcome = RunFollower.watch(config, store, runRequest.getRunId(), timeout.timeout(), 0);
                if (outcome.status() != RunOutcome.Status.COMPLETED) {
                    RunFollower.printSummary(outcome);
                    return outcome.exitCode();
                }
                cpu = processes.map(p -> ProcessCpu.between(before, p.snapshot())).orElse(Map.of());
                runId = runRequest.getRunId();
            }
            StudyBench.measure(config.bootstrapServers(), store, runId, config.runsDir(), cpu, System.out);
            return 0;
        }
    }
}
