package io.latentlab.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./latentlab} does that needs no stack (LatentlabScriptIT runs up/status/down for real): {@code down}
 * signals only the processes whose pid file still names them (pid and start time), the API token is printed by
 * {@code ./latentlab token} and never by {@code status}, and every service it starts runs in the local profile
 * (loopback only).
 */
class LatentlabPidsAndTokenTest {

    @TempDir
    Path state;

    private Process bystander;

    @BeforeEach
    void startABystander() throws IOException {
        // a process ./latentlab did not start: what a stale pid file names after a reboot or a pid reuse
        // (exec: the pid is the sleep's, and so is its start time)
        bystander = new ProcessBuilder("bash", "-c", "exec sleep 300").start();
    }

    @AfterEach
    void stopTheBystander() {
        bystander.destroyForcibly();
    }

    @Test
    void downLeavesAProcessWhoseStartTimeIsNotTheRecordedOne() throws Exception {
        Path pids = Files.createDirectories(state.resolve("pids"));
        long pid = bystander.pid();
        Files.writeString(pids.resolve("control.pid"), pid + "\n"); // the old format: a pid alone proves nothing
        Files.writeString(pids.resolve("evaluator.pid"), pid + " " + bootId() + ":1\n"); // another start time
        Files.writeString(pids.resolve("stack.pid"), pid + " 00000000-another-boot:" + startTicks(pid) + "\n");

        Result down = latentlab("down");

        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(bystander.isAlive()).as("the bystander after ./latentlab down:\n" + down.output()).isTrue();
        assertThat(down.output()).contains("control: pid " + pid + " is not the process ./latentlab started",
                "evaluator: pid " + pid + " is not", "stack: pid " + pid + " is not");
        assertThat(pids).isEmptyDirectory();
    }

    @Test
    void downStopsTheProcessItRecorded() throws Exception {
        Path pids = Files.createDirectories(state.resolve("pids"));
        long pid = bystander.pid();
        Files.writeString(pids.resolve("evaluator.pid"), pid + " " + bootId() + ":" + startTicks(pid) + "\n");

        Result down = latentlab("down");

        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(bystander.waitFor(10, TimeUnit.SECONDS)).as(down.output()).isTrue();
        assertThat(down.output()).contains("stopped evaluator");
    }

    @Test
    void theTokenIsPrintedOnlyWhenAsked() throws Exception {
        Result token = latentlab("token");
        assertThat(token.exitCode()).as(token.output()).isZero();
        Matcher printed = Pattern.compile("(?m)^([0-9a-f]{64})$").matcher(token.output());
        assertThat(printed.find()).as(token.output()).isTrue();
        String secret = printed.group(1);
        assertThat(Files.readString(state.resolve("token"))).isEqualTo(secret);
        assertThat(Files.getPosixFilePermissions(state.resolve("token")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(token.output()).contains("#token=" + secret);
        assertThat(latentlab("token").output()).as("the same token the second time").contains(secret);

        Result status = latentlab("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("API token: ./latentlab token").doesNotContain(secret);
    }

    @Test
    void everyServiceIsStartedInTheLocalProfileWhichListensOnLoopbackOnly() throws IOException {
        String script = Files.readString(PipelineHarness.root().resolve("latentlab"));
        List<String> starts = script.lines().filter(l -> l.contains("setsid nohup java") && !l.contains("STACK_JAR"))
                .toList();
        assertThat(starts).as("the lines that start a service").hasSize(3); // the stages, control, the model server
        assertThat(starts).allSatisfy(l -> assertThat(l).contains("QUARKUS_PROFILE=local"));
        for (String service : List.of("data-prep", "noise-injector", "reducer-trainer", "classifier-trainer", "evaluator",
                "control", "model-server")) {
            assertThat(Files.readAllLines(PipelineHarness.root().resolve("services/" + service
                    + "/src/main/resources/application.properties"))).as(service).contains("%local.quarkus.http.host=127.0.0.1");
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result latentlab(String command) throws Exception {
        Path log = Files.createTempFile(state, command, ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "./latentlab", command)
                .directory(PipelineHarness.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LATENTLAB_") || name.startsWith("KAFKA_") || name.equals("S3_PORT"));
        env.put("LATENTLAB_STATE_DIR", state.toString());
        env.put("KAFKA_PORT", Integer.toString(closedPort())); // status asks Kafka for the runs only when it answers
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./latentlab " + command + " did not finish within 60 s:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private static String bootId() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    }

    /** Field 22 of /proc/<pid>/stat: the start time in clock ticks after boot. */
    private static String startTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] afterCommand = stat.substring(stat.lastIndexOf(") ") + 2).trim().split(" ");
        return afterCommand[19];
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
