package io.latentlab.launcher.cli;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.RunOutcome;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Publishes {"runId": id, "retry": true} (what a kcat user would) and follows the new attempt. */
@Command(name = "retry", description = "Run a failed or stalled run's plan again (finished jobs are reused) and follow it.")
public final class RetryCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Parameters(paramLabel = "RUN_ID", description = "the run to retry")
    String runId;

    @Mixin
    TimeoutOption timeout;

    public RetryCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try (ArtifactStore store = RunFollower.openStore(config)) {
            RunOutcome outcome = retry(store);
            RunFollower.printSummary(outcome);
            return outcome.exitCode();
        }
    }

    private RunOutcome retry(ArtifactStore store) {
        String acceptedKey = StoreKeys.runAccepted(runId);
        RunEvent accepted = store.find(acceptedKey).map(bytes -> EventCodec.decode(bytes, RunEvent.parser(), acceptedKey))
                .orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "' to retry: it was never accepted"));
        if (store.exists(StoreKeys.runReport(runId, "report.json"))) {
            System.out.println("run " + runId + " has completed: nothing to retry");
            return RunFollower.watch(config, store, runId, timeout.timeout(), 0);
        }
        int attempt = Math.max(1, accepted.getAccepted().getAttempt()) + 1;
        System.out.println("retrying run " + runId + " (attempt " + attempt + "): finished jobs are reused");
        RunFollower.submit(config, RunRequest.newBuilder().setRunId(runId).setRetry(true).build());
        return RunFollower.watch(config, store, runId, timeout.timeout(), attempt);
    }
}
