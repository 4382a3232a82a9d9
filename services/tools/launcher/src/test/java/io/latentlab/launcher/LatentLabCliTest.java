package io.latentlab.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line alone: nothing here reaches a stack (the address below has nothing listening). */
class LatentLabCliTest {

    private static final LauncherConfig NOWHERE = new LauncherConfig("127.0.0.1:1", "http://127.0.0.1:1", "a", "b",
            "latentlab", Path.of("target/cli-test-runs"));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine commandLine = LatentLabCli.commandLine(NOWHERE);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void aMistypedOptionIsNamedWithTheNearestOneAndExits2() {
        assertThat(execute("run", "--profle", "seed")).isEqualTo(2);

        assertThat(err.toString())
                .contains("latentlab run: Unknown options: '--profle'")
                .contains("did you mean --profile?")
                .contains("see: latentlab run --help");
    }

    @Test
    void anOptionWithoutItsValueIsNamedAndExits2() {
        assertThat(execute("submit", "--seed")).isEqualTo(2);

        assertThat(err.toString()).contains("latentlab submit: Missing required parameter for option '--seed'");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedAndExits2() {
        assertThat(execute("submit", "--repeats", "many")).isEqualTo(2);

        assertThat(err.toString()).contains("'many'").contains("--repeats");
    }

    @Test
    void anUnknownCommandIsNamedWithTheNearestOneAndExits2() {
        assertThat(execute("sumbit", "--profile", "quick")).isEqualTo(2);

        assertThat(err.toString()).contains("'sumbit'").contains("did you mean submit?");
    }

    @Test
    void aMissingRunIdIsNamedAndExits2() {
        assertThat(execute("watch")).isEqualTo(2);

        assertThat(err.toString()).contains("latentlab watch: Missing required parameter: 'RUN_ID'");
    }

    @Test
    void compareNeedsTwoRuns() {
        assertThat(execute("compare", "only-one")).isEqualTo(2);

        assertThat(err.toString()).contains("latentlab compare").contains("RUN_ID");
    }

    @Test
    void benchModelsNeedsItsRun() {
        assertThat(execute("bench-models", "--requests", "5")).isEqualTo(2);

        assertThat(err.toString()).contains("Missing required option: '--run=RUN_ID'");
    }

    @Test
    void noCommandListsTheCommandsAndExits2() {
        assertThat(execute()).isEqualTo(2);

        assertThat(err.toString()).contains("a command is missing").contains("see: latentlab --help");
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        assertThat(execute("--help")).isZero();

        assertThat(out.toString()).contains("stage-mnist", "stage-dataset", "submit", "watch", "runs", "run", "retry", "compare",
                "bench-study", "bench-models", "Exit codes:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stage-mnist", "stage-dataset", "submit", "watch", "runs", "run", "retry", "compare",
            "bench-study", "bench-models"})
    void everyCommandHasItsHelpWithoutTouchingTheStack(String command) {
        assertThat(execute(command, "--help")).isZero();

        assertThat(out.toString()).startsWith("Usage: latentlab " + command).contains("-h, --help");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void stageDatasetWithoutItsNameOrFilesIsAUsageErrorBeforeTheStackIsTouched() {
        assertThat(execute("stage-dataset", "--train-images", "a")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--name=NAME'");
        assertThat(execute("stage-dataset", "--name", "shapes", "--train-images", "a")).isEqualTo(2);
        assertThat(err.toString()).contains("stage-dataset needs --train-images, --train-labels, --test-images and"
                + " --test-labels (only --name fashion-mnist fetches its own files)");
    }

    @Test
    void theHelpOfRunNamesItsOptions() {
        execute("run", "--help");

        assertThat(out.toString()).contains("--profile=P", "--seed=N", "--repeats=N", "--run-id=ID", "--request=JSON",
                "--mnist-dir=DIR", "--timeout-minutes=N");
    }

    @Test
    void checkParsesWithoutRunningAnything() {
        // a real run would fail here: nothing listens at NOWHERE
        assertThat(execute("--check", "run", "--profile", "seed", "--mnist-dir", "a", "--mnist-dir", "b")).isZero();
        assertThat(execute("--check", "run", "--profle", "seed")).isEqualTo(2);
        assertThat(err.toString()).contains("'--profle'");
    }

    @Test
    void anErrorOfTheCommandItselfIsOneLineAndExits2() {
        assertThat(execute("compare", "a-run", "a-run")).isEqualTo(2);

        assertThat(err.toString()).isEqualTo("latentlab: a run is named twice in [a-run, a-run]" + System.lineSeparator());
    }
}
