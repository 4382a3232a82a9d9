package io.latentlab.launcher;

import io.latentlab.kit.Topics;
import io.latentlab.kit.store.ArtifactStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run triggered from outside with the real kcat binary and one line of JSON, as the README shows. */
class KcatTriggerIT {

    private static final String REQUEST = "{\"runId\":\"kcat-run\",\"profile\":\"quick\",\"seed\":7,"
            + "\"reducers\":[{\"kind\":\"pca\",\"k\":[16]}],\"architectures\":[{\"name\":\"A1\",\"hidden\":[64]}]}";

    private final PipelineHarness pipeline = PipelineHarness.get();

    @Test
    void oneJsonLineFromKcatStartsARunThatCompletes() throws Exception {
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", pipeline.config().bootstrapServers(),
                "-t", Topics.RUN_REQUESTS, "-k", "kcat-run")
                .redirectErrorStream(true).start();
        try (OutputStream stdin = kcat.getOutputStream()) {
            stdin.write((REQUEST + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes())).isZero();

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunOutcome outcome;
        try (ArtifactStore store = pipeline.store()) {
            outcome = new RunWatcher(pipeline.config(), store, new PrintStream(log), false)
                    .watch("kcat-run", Duration.ofMinutes(5));
        }
        assertThat(outcome.status()).as(log.toString()).isEqualTo(RunOutcome.Status.COMPLETED);
        assertThat(outcome.reportDir().resolve("report.json")).content()
                .contains("\"runId\" : \"kcat-run\"", "\"reducer\" : \"pca\"", "\"arch\" : \"A1\"");
        assertThat(log.toString()).contains("pca-k16-A1");
    }

    static {
        // fail with a clear message rather than an IOException deep in ProcessBuilder
        try {
            new ProcessBuilder("kcat", "-V").start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("kcat is not installed: apt-get install kcat (.ci/run does)", e);
        }
    }
}
