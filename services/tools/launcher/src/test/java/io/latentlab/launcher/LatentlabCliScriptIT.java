package io.latentlab.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./latentlab} hands the Java commands' usage to the CLI (the packaged jar, hence an IT): a mistyped option
 * of {@code run} is rejected before the script fetches MNIST or starts anything, and {@code --help} prints the
 * script's own commands and the CLI's.
 */
class LatentlabCliScriptIT {

    @TempDir
    Path state;

    @Test
    void aMistypedOptionOfRunExits2BeforeAnythingStarts() throws Exception {
        Result run = latentlab("run", "--profle", "seed");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("Unknown options: '--profle'", "did you mean --profile?")
                .doesNotContain("MNIST", "starting");
        assertThat(state).isEmptyDirectory(); // no stack, no pid files, no token
    }

    @Test
    void helpListsTheScriptsCommandsAndTheClis() throws Exception {
        Result help = latentlab("--help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("./latentlab up", "./latentlab down", "./latentlab test",
                "Usage: latentlab [-hV] [COMMAND]", "submit", "retry", "compare", "bench-models");
    }

    @Test
    void theHelpOfRunComesFromTheCliAndStartsNothing() throws Exception {
        Result help = latentlab("run", "--help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: latentlab run", "--profile=P", "--timeout-minutes=N");
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void aMistypedCommandIsNamedWithTheNearestOne() throws Exception {
        Result typo = latentlab("sumbit");

        assertThat(typo.exitCode()).as(typo.output()).isEqualTo(2);
        assertThat(typo.output()).contains("'sumbit'", "did you mean submit?");
    }

    private record Result(int exitCode, String output) {
    }

    private Result latentlab(String... args) throws Exception {
        Path log = Files.createTempFile("latentlab-cli", ".log");
        List<String> line = new ArrayList<>(List.of("bash", "./latentlab"));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(PipelineHarness.root().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LATENTLAB_") || name.startsWith("KAFKA_") || name.equals("S3_PORT"));
        env.put("LATENTLAB_STATE_DIR", state.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./latentlab " + String.join(" ", args) + " did not finish within 60 s:\n"
                    + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
