package io.latentlab.launcher;

import io.latentlab.launcher.cli.BenchModelsCommand;
import io.latentlab.launcher.cli.BenchStudyCommand;
import io.latentlab.launcher.cli.CompareCommand;
import io.latentlab.launcher.cli.RetryCommand;
import io.latentlab.launcher.cli.RunCommand;
import io.latentlab.launcher.cli.RunsCommand;
import io.latentlab.launcher.cli.StageDatasetCommand;
import io.latentlab.launcher.cli.StageMnistCommand;
import io.latentlab.launcher.cli.SubmitCommand;
import io.latentlab.launcher.cli.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * The Java half of {@code ./latentlab}: the commands that talk to a running stack, one class each in
 * {@code io.latentlab.launcher.cli} (stage-mnist, stage-dataset, submit, watch, runs, run, retry, compare, bench-study,
 * bench-models). The shell script starts and stops the stack and the services, and prints this usage
 * for these commands ({@code --help}). A usage error (an unknown command or option, a missing or
 * malformed value) names what it did not understand, suggests the nearest, and exits 2.
 */
@Command(name = "latentlab", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        scope = CommandLine.ScopeType.INHERIT, // -h, --help, -V for every command
        version = "latentlab 0.1.0-SNAPSHOT",
        description = "Commands that talk to a running stack (./latentlab up starts one; ./latentlab run starts one and runs a study).",
        subcommands = {StageMnistCommand.class, StageDatasetCommand.class, SubmitCommand.class, WatchCommand.class, RunsCommand.class,
                RunCommand.class, RetryCommand.class, CompareCommand.class, BenchStudyCommand.class,
                BenchModelsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (a followed run completed)", "1:the run failed", "2:a usage error, or the run was rejected",
                "3:the run did not end in --timeout-minutes", "4:the run was cancelled"})
public final class LatentLabCli implements Runnable {

    static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;

    // ./latentlab checks a command line with --check before it starts anything heavy for it
    @Option(names = "--check", hidden = true, description = "parse the command line, report a usage error, run nothing")
    boolean checkOnly;

    @Spec
    CommandSpec spec;

    private LatentLabCli() {
    }

    public static void main(String[] args) {
        int code = execute(args, LauncherConfig.fromEnvironment());
        // OkHttp (S3 client) and Kafka threads would keep the JVM alive for a minute
        System.exit(code);
    }

    static int execute(String[] args, LauncherConfig config) {
        return commandLine(config).execute(args);
    }

    static CommandLine commandLine(LauncherConfig config) {
        LatentLabCli root = new LatentLabCli();
        CommandLine commandLine = new CommandLine(root, new ConfigFactory(config));
        // ./latentlab run passes --mnist-dir before the user's arguments, which may name it again: the last one wins
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setParameterExceptionHandler(LatentLabCli::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println("latentlab: " + e.getMessage());
                return USAGE_ERROR;
            }
            throw e;
        });
        commandLine.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            if (root.checkOnly) {
                return CommandLine.ExitCode.OK;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** The root alone does nothing: it lists the commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing");
    }

    /** Names what was not understood, suggests the nearest command or option, points to --help. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName(" ");
        err.println(name + ": " + e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("did you mean " + suggestions.get(0) + "?");
            }
        }
        err.println("see: " + name + " --help");
        return USAGE_ERROR;
    }

    /** Gives every command the stack's address (constructor injection); mixins and the rest: picocli's default. */
    private record ConfigFactory(LauncherConfig config) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getConstructor(LauncherConfig.class).newInstance(config);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
