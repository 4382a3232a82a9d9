package io.latentlab.launcher.cli;

import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.RunIds;
import io.latentlab.proto.RunRequest;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;

/** The options that make a run request (submit, run, bench-study); unset ones keep the --request JSON's values. */
public final class RequestOptions {

    @Option(names = "--profile", paramLabel = "P", description = "quick, seed or fashion (default: quick, or the --request's)")
    String profile;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "a staged dataset (default: mnist, fashion-mnist for --profile fashion; docs/datasets.md)")
    String dataset;

    @Option(names = "--seed", paramLabel = "N", description = "the study's seed")
    Long seed;

    @Option(names = "--repeats", paramLabel = "N", description = "how many seeds the study runs")
    Integer repeats;

    @Option(names = "--run-id", paramLabel = "ID", description = "the run's id (default: <profile>-<time>-<random>)")
    String runId;

    @Option(names = "--request", paramLabel = "JSON", description = "a whole run request, as kcat would publish it")
    String request;

    public RunRequest toRequest() {
        RunRequest.Builder builder = request != null
                ? RunRequestCodec.decode(request.getBytes(StandardCharsets.UTF_8)).toBuilder()
                : RunRequest.newBuilder();
        if (profile != null || builder.getProfile().isEmpty()) {
            builder.setProfile(profile != null ? profile : "quick");
        }
        if (dataset != null) {
            builder.setDataset(dataset);
        }
        if (seed != null) {
            builder.setSeed(seed);
        }
        if (repeats != null) {
            builder.setRepeats(repeats);
        }
        if (runId != null) {
            builder.setRunId(runId);
        } else if (builder.getRunId().isEmpty()) {
            builder.setRunId(RunIds.newRunId(builder.getProfile()));
        }
        return builder.build();
    }
}
