package io.latentlab.launcher.cli;

import io.latentlab.launcher.bench.ModelServerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "bench-models", description = "The model server's latency: one image against every model of a run.")
public final class BenchModelsCommand implements Callable<Integer> {

    @Option(names = "--run", paramLabel = "RUN_ID", required = true,
            description = "a completed run (./latentlab status lists them)")
    String runId;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "300",
            description = "requests per model (default: ${DEFAULT-VALUE})")
    int requests;

    // ./latentlab exports the model server's address; the default is the local stack's
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:LATENTLAB_MODEL_SERVER_URL:-http://127.0.0.1:8086}",
            description = "the model server (default: $LATENTLAB_MODEL_SERVER_URL or http://127.0.0.1:8086)")
    String url;

    @Override
    public Integer call() {
        try {
            ModelServerBench.run(url, runId, requests, System.out);
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("no model server at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
