package io.latentlab.launcher;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.launcher.bench.ModelServerBench;
import io.latentlab.launcher.bench.ProcessCpu;
import io.latentlab.launcher.bench.StudyBench;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.RunEvent;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.proto.RunRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java half of {@code ./latentlab}: stage-mnist, submit, watch and run (all three). The shell
 * script starts the stack and the services; this talks to them.
 */
public final class LatentLabCli {

    private static final String USAGE = """
            usage: latentlab-cli <command> [options]
              stage-mnist [--mnist-dir DIR]                 put the verified MNIST files into the object store
              submit [--profile P] [--seed N] [--repeats N] [--run-id ID] [--request JSON]   publish a run request, print its run id
              watch RUN_ID [--timeout-minutes N]            follow a run to its end, save its report under runs/
              runs                                          every run and its state
              run [--profile P] [--seed N] [--repeats N] [--mnist-dir DIR] [--timeout-minutes N]   stage, submit and watch
              retry RUN_ID [--timeout-minutes N]            run a failed or stalled run's plan again (finished jobs are reused), watch it
              compare RUN_A RUN_B [RUN_C...]                completed runs side by side, row by row (the first is the baseline)
              bench-study [--profile P] [--seed N] [--mnist-dir DIR] [--pids DIR] [--run RUN_ID]   run a study from scratch (job
                                                            reuse off, or measure the completed RUN_ID), print its efficiency, write
                                                            bench.json; --pids: the pid files of the processes whose CPU to account
              bench-models --run RUN_ID [--requests N] [--url URL]   the model server's latency: one image against every model of RUN_ID
            """;

    private LatentLabCli() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args, LauncherConfig.fromEnvironment());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("latentlab: " + e.getMessage());
            code = 2;
        }
        // OkHttp (S3 client) and Kafka threads would keep the JVM alive for a minute
        System.exit(code);
    }

    static int execute(String[] args, LauncherConfig config) {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        Map<String, String> options = options(args);
        try (ArtifactStore store = new ArtifactStore(config.s3Endpoint(), config.accessKey(), config.secretKey(),
                config.bucket())) {
            return switch (args[0]) {
                case "stage-mnist" -> {
                    store.ensureBucket();
                    int uploaded = MnistStager.stage(store, mnistDir(options));
                    System.out.println("MNIST staged (" + uploaded + " files uploaded)");
                    yield 0;
                }
                case "submit" -> {
                    RunRequest request = request(options);
                    TopicSetup.ensureTopics(config.bootstrapServers());
                    RunSubmitter.submit(config.bootstrapServers(), request);
                    System.out.println(request.getRunId());
                    yield 0;
                }
                case "watch" -> watch(config, store, positional(args), options, 0).exitCode();
                case "retry" -> {
                    RunOutcome outcome = retry(config, store, positional(args), options);
                    printSummary(outcome);
                    yield outcome.exitCode();
                }
                case "runs" -> {
                    RunList.print(config, System.out);
                    yield 0;
                }
                case "compare" -> {
                    System.out.print(RunComparer.compare(store, runIds(args)));
                    yield 0;
                }
                case "run" -> {
                    store.ensureBucket();
                    MnistStager.stage(store, mnistDir(options));
                    RunRequest request = request(options);
                    System.out.println("run " + request.getRunId() + " (profile " + request.getProfile() + ")");
                    TopicSetup.ensureTopics(config.bootstrapServers());
                    RunSubmitter.submit(config.bootstrapServers(), request);
                    RunOutcome outcome = watch(config, store, request.getRunId(), options, 0);
                    printSummary(outcome);
                    yield outcome.exitCode();
                }
                case "bench-study" -> benchStudy(config, store, options);
                case "bench-models" -> benchModels(options);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + USAGE);
            };
        }
    }

    /** A study from scratch (reuse off, so every job trains), or the completed run of --run, measured. */
    private static int benchStudy(LauncherConfig config, ArtifactStore store, Map<String, String> options) {
        String runId = options.get("run");
        Map<String, Map<String, Double>> cpu = Map.of();
        if (runId == null) {
            // the processes ./latentlab started, if it says where their pid files are (Linux only)
            Optional<ProcessCpu> processes = Optional.ofNullable(options.get("pids"))
                    .flatMap(dir -> ProcessCpu.local(Path.of(dir)));
            store.ensureBucket();
            MnistStager.stage(store, mnistDir(options));
            RunRequest request = request(options).toBuilder().setDisableJobReuse(true).build();
            System.out.println("study bench: run " + request.getRunId() + " (profile " + request.getProfile()
                    + ", job reuse off)");
            TopicSetup.ensureTopics(config.bootstrapServers());
            Map<String, Map<String, Double>> before = processes.map(ProcessCpu::snapshot).orElse(Map.of());
            RunSubmitter.submit(config.bootstrapServers(), request);
            RunOutcome outcome = watch(config, store, request.getRunId(), options, 0);
            if (outcome.status() != RunOutcome.Status.COMPLETED) {
                printSummary(outcome);
                return outcome.exitCode();
            }
            cpu = processes.map(p -> ProcessCpu.between(before, p.snapshot())).orElse(Map.of());
            runId = request.getRunId();
        }
        StudyBench.measure(config.bootstrapServers(), store, runId, config.runsDir(), cpu, System.out);
        return 0;
    }

    private static int benchModels(Map<String, String> options) {
        String runId = options.get("run");
        if (runId == null) {
            throw new IllegalArgumentException("bench-models needs --run RUN_ID (a completed run; ./latentlab status lists them)");
        }
        // ./latentlab exports the model server's address; the default is the local stack's
        String url = options.getOrDefault("url", System.getenv().getOrDefault("LATENTLAB_MODEL_SERVER_URL",
                "http://127.0.0.1:8086"));
        try {
            ModelServerBench.run(url, runId, Integer.parseInt(options.getOrDefault("requests", "300")),
                    System.out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no model server at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return 0;
    }

    static RunRequest request(Map<String, String> options) {
        RunRequest.Builder request = options.containsKey("request")
                ? RunRequestCodec.decode(options.get("request").getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBuilder()
                : RunRequest.newBuilder();
        if (options.containsKey("profile") || request.getProfile().isEmpty()) {
            request.setProfile(options.getOrDefault("profile", "quick"));
        }
        if (options.containsKey("seed")) {
            request.setSeed(Long.parseLong(options.get("seed")));
        }
        if (options.containsKey("repeats")) {
            request.setRepeats(Integer.parseInt(options.get("repeats")));
        }
        if (options.containsKey("run-id")) {
            request.setRunId(options.get("run-id"));
        } else if (request.getRunId().isEmpty()) {
            request.setRunId(RunSubmitter.newRunId(request.getProfile()));
        }
        return request.build();
    }

    private static RunOutcome watch(LauncherConfig config, ArtifactStore store, String runId, Map<String, String> options,
                                    int attempt) {
        TopicSetup.ensureTopics(config.bootstrapServers());
        Duration timeout = Duration.ofMinutes(Long.parseLong(options.getOrDefault("timeout-minutes", "240")));
        boolean interactive = System.console() != null;
        return new RunWatcher(config, store, System.out, interactive).watch(runId, timeout, attempt);
    }

    /** Publishes {"runId": id, "retry": true} (what a kcat user would) and follows the new attempt. */
    private static RunOutcome retry(LauncherConfig config, ArtifactStore store, String runId, Map<String, String> options) {
        String acceptedKey = StoreKeys.runAccepted(runId);
        RunEvent accepted = store.find(acceptedKey).map(bytes -> EventCodec.decode(bytes, RunEvent.parser(), acceptedKey))
                .orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "' to retry: it was never accepted"));
        if (store.exists(StoreKeys.runReport(runId, "report.json"))) {
            System.out.println("run " + runId + " has completed: nothing to retry");
            return watch(config, store, runId, options, 0);
        }
        int attempt = Math.max(1, accepted.getAccepted().getAttempt()) + 1;
        System.out.println("retrying run " + runId + " (attempt " + attempt + "): finished jobs are reused");
        TopicSetup.ensureTopics(config.bootstrapServers());
        RunSubmitter.submit(config.bootstrapServers(), RunRequest.newBuilder().setRunId(runId).setRetry(true).build());
        return watch(config, store, runId, options, attempt);
    }

    private static void printSummary(RunOutcome outcome) {
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

    private static Path mnistDir(Map<String, String> options) {
        String dir = options.getOrDefault("mnist-dir", System.getenv().getOrDefault("LATENTLAB_MNIST_DIR",
                System.getProperty("user.home") + "/.cache/latentlab/mnist"));
        return Path.of(dir);
    }

    /** The run ids after the command, up to the first option. */
    static List<String> runIds(String[] args) {
        List<String> runIds = new ArrayList<>();
        for (int i = 1; i < args.length && !args[i].startsWith("--"); i++) {
            runIds.add(args[i]);
        }
        return runIds;
    }

    private static String positional(String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new IllegalArgumentException(args[0] + " needs a run id\n" + USAGE);
        }
        return args[1];
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 1; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.startsWith("--")) {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                options.put(arg.substring(2), rest.get(++i));
            }
        }
        return options;
    }
}
