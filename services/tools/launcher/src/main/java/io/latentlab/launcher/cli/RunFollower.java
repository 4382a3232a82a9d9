package io.latentlab.launcher.cli;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.RunOutcome;
import io.latentlab.launcher.RunSubmitter;
import io.latentlab.launcher.RunWatcher;
import io.latentlab.launcher.TopicSetup;
import io.latentlab.proto.RunRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/** What several commands share: open the store, publish a request, follow a run, print its summary. */
final class RunFollower {

    private RunFollower() {
    }

    static ArtifactStore openStore(LauncherConfig config) {
        return new ArtifactStore(config.s3Endpoint(), config.accessKey(), config.secretKey(), config.bucket());
    }

    static void submit(LauncherConfig config, RunRequest request) {
        TopicSetup.ensureTopics(config.bootstrapServers());
        RunSubmitter.submit(config.bootstrapServers(), request);
    }

    static RunOutcome watch(LauncherConfig config, ArtifactStore store, String runId, Duration timeout, int attempt) {
        TopicSetup.ensureTopics(config.bootstrapServers());
        boolean interactive = System.console() != null;
        return new RunWatcher(config, store, System.out, interactive).watch(runId, timeout, attempt);
    }

    /** A failed run's reasons, or a completed run's verdict and overall table from its report.md. */
    static void printSummary(RunOutcome outcome) {
        if (outcome.status() != RunOutcome.Status.COMPLETED) {
            System.out.println("run " + outcome.runId() + " " + outcome.status() + ": " + String.join("; ", outcome.reasons()));
            return;
        }
        try {
            String markdown = Files.readString(outcome.reportDir().resolve("report.md"));
            int verdict = markdown.indexOf("## Verdict");
            int overall = markdown.indexOf("## Overall");
            if (verdict >= 0 && overall > verdict) {
                System.out.println(markdown.substring(verdict, overall).strip());
                System.out.println();
            }
            int end = markdown.indexOf("\nTest confusion", overall);
            System.out.println(markdown.substring(overall, end < 0 ? markdown.length() : end).strip());
        } catch (IOException e) {
            System.out.println("report written to " + outcome.reportDir());
        }
    }
}
