package io.latentlab.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./latentlab up}, {@code status} and {@code down} (docs/running.md), run as a user runs them: the script starts
 * the embedded stack (Kafka + s3proxy), the five stages, the control service and the model server from their
 * packaged fast-jars; every one must answer its health check, and {@code down} must stop them all. On free ports
 * and a state directory under target/, so a stack of the developer's own keeps running beside it. (The study
 * itself is QuickRunIT's; this is what only the script does: which process gets which options and ports.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LatentlabScriptIT {

    private static final Path STATE = Path.of("target", "script-it").toAbsolutePath();
    private static final List<String> STAGES = List.of("data-prep", "noise-injector", "reducer-trainer",
            "classifier-trainer", "evaluator");
    private static final Map<String, String> ENV = new LinkedHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int stagePort;

    @BeforeAll
    static void ports() throws IOException {
        stagePort = PipelineHarness.freePort();
        ENV.put("LATENTLAB_STATE_DIR", STATE.toString());
        ENV.put("LATENTLAB_RUNS_DIR", STATE.resolve("runs").toString());
        ENV.put("KAFKA_PORT", Integer.toString(PipelineHarness.freePort()));
        ENV.put("S3_PORT", Integer.toString(PipelineHarness.freePort()));
        ENV.put("LATENTLAB_STAGE_PORT", Integer.toString(stagePort)); // the stages take this port and the next four
        ENV.put("LATENTLAB_CONTROL_PORT", Integer.toString(PipelineHarness.freePort()));
        ENV.put("LATENTLAB_MODEL_PORT", Integer.toString(PipelineHarness.freePort()));
        ENV.put("LATENTLAB_MNIST_DIR", PipelineHarness.mnistDir().toString());
    }

    @AfterAll
    static void down() throws Exception {
        Result down = latentlab("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        for (String port : List.of(ENV.get("KAFKA_PORT"), ENV.get("S3_PORT"), ENV.get("LATENTLAB_CONTROL_PORT"),
                ENV.get("LATENTLAB_MODEL_PORT"), Integer.toString(stagePort))) {
            assertThat(open(Integer.parseInt(port))).as("port %s after ./latentlab down", port).isFalse();
        }
    }

    @Test
    @Order(1)
    void upStartsTheStackEveryStageTheControlServiceAndTheModelServer() throws Exception {
        Result up = latentlab("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("stack and services are up, MNIST staged");
        for (int i = 0; i < STAGES.size(); i++) {
            assertThat(health(stagePort + i)).as("%s on :%d (log %s)", STAGES.get(i), stagePort + i,
                    STATE.resolve("logs/" + STAGES.get(i) + ".log")).isEqualTo(200);
        }
        assertThat(health(Integer.parseInt(ENV.get("LATENTLAB_CONTROL_PORT")))).as("control").isEqualTo(200);
        assertThat(health(Integer.parseInt(ENV.get("LATENTLAB_MODEL_PORT")))).as("model-server").isEqualTo(200);
    }

    @Test
    @Order(2)
    void statusListsEveryProcessAsRunningWithItsMemoryBudget() throws Exception {
        Result status = latentlab("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        for (String service : STAGES) {
            assertThat(status.output()).containsPattern("(?m)^" + service + ": running \\(pid \\d+\\)");
        }
        assertThat(status.output()).containsPattern("(?m)^control: running")
                .containsPattern("(?m)^model-server: running");
        // the budgets of docs/running.md "The two commands" reach the processes
        String modelServer = Files.readString(Path.of("/proc", pid("model-server"), "cmdline")).replace('\0', ' ');
        assertThat(modelServer).contains("-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=1g");
        String reducer = Files.readString(Path.of("/proc", pid("reducer-trainer"), "cmdline")).replace('\0', ' ');
        assertThat(reducer).contains("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=2560m");
    }

    /**
     * The whole local stack stopped with {@code ./latentlab down} mid-run (every stage gets SIGTERM and hands its
     * jobs back, Kafka and S3 keep their data in the state directory) and started again with {@code up}: the run
     * finishes, and {@code watch} exits 0.
     */
    @Test
    @Order(3)
    void aRunSurvivesTheWholeStackStoppedWithDownMidRunAndStartedAgainWithUp() throws Exception {
        String runId = "down-up";
        Result submit = latentlab("submit", "--request", FaultToleranceIT.request(runId, 7));
        assertThat(submit.exitCode()).as(submit.output()).isZero();
        int control = Integer.parseInt(ENV.get("LATENTLAB_CONTROL_PORT"));
        HttpRequest run = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + "/api/runs/" + runId)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String seen = "";
        // mid-run: the reducers are at work (the dashboard's run shows a reducer job)
        while (!(seen.contains("\"RUNNING\"") && seen.contains("ae3-k64")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = HTTP.send(run, HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(seen).as("run %s mid-run", runId).contains("\"RUNNING\"", "ae3-k64");

        Result down = latentlab("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        Result up = latentlab("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        Result watch = latentlab("watch", runId);

        assertThat(watch.exitCode()).as(watch.output()).isZero();
        assertThat(STATE.resolve("runs/" + runId + "/report.json")).exists();
    }

    private static String pid(String service) throws IOException {
        return Files.readString(STATE.resolve("pids/" + service + ".pid")).trim().split("\\s+")[0]; // "<pid> <start>"
    }

    private record Result(int exitCode, String output) {
    }

    private static Result latentlab(String... command) throws Exception {
        Files.createDirectories(STATE);
        Path log = STATE.resolve(command[0] + ".log");
        List<String> line = new java.util.ArrayList<>(List.of("bash", "./latentlab"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(PipelineHarness.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // what ./latentlab test exported for the build (its stack's ports and addresses) must not leak into this one
        builder.environment().keySet().removeIf(name -> name.startsWith("LATENTLAB_") || name.startsWith("KAFKA_")
                || name.equals("S3_PORT"));
        builder.environment().putAll(ENV);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./latentlab " + String.join(" ", command) + " did not finish within 5 minutes:\n"
                    + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    /** The readiness answer, once it is 200 or after 60 s (the port opens before Kafka is connected). */
    private static int health(int port) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        do {
            status = HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                Thread.sleep(500);
            }
        } while (status != 200 && System.nanoTime() < deadline);
        return status;
    }

    private static boolean open(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
