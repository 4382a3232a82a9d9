package io.latentlab.launcher.cli;

import io.latentlab.kit.report.ComparisonCsv;
import io.latentlab.kit.report.ComparisonText;
import io.latentlab.kit.report.RunComparison;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.launcher.RunComparer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare",
        description = {"Completed runs side by side, row by row, differences marked (the first run is the baseline).",
                "Runs on different datasets: each run's classes, and whether each verdict comparison holds on every run."})
public final class CompareCommand implements Callable<Integer> {

    private static final String STDOUT = "-";

    private final LauncherConfig config;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", arity = "2..*", description = "two or more completed runs")
    List<String> runIds;

    @Option(names = "--csv", arity = "0..1", paramLabel = "FILE", fallbackValue = STDOUT,
            description = "the shared rows as CSV (RFC 4180): to FILE (ending in .csv; the text still prints), or "
                    + "instead of the text when FILE is - or left out")
    String csv;

    public CompareCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        // "--csv a b c" would take the run a for the file: a FILE must say it is one
        if (csv != null && !csv.equals(STDOUT) && !csv.endsWith(".csv")) {
            throw new ParameterException(spec.commandLine(), "--csv FILE must end in .csv (or be - for standard "
                    + "output), got '" + csv + "': put --csv after the run ids, or write --csv=FILE");
        }
        RunComparison.Result result;
        try (ArtifactStore store = RunFollower.openStore(config)) {
            result = RunComparer.compare(store, runIds);
        }
        boolean toFile = csv != null && !csv.equals(STDOUT);
        if (toFile) {
            write(Path.of(csv), ComparisonCsv.render(result));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(STDOUT.equals(csv) ? ComparisonCsv.render(result) : ComparisonText.render(result));
        if (toFile) {
            out.println("\nCSV: " + csv + " (" + result.rows().size() + " configurations)");
        }
        out.flush();
        return 0;
    }

    private static void write(Path file, String body) {
        try {
            Files.writeString(file, body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the CSV to " + file + ": " + e, e);
        }
    }
}
