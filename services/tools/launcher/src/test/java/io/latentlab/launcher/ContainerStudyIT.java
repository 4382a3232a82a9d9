package io.latentlab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment proven by running it: {@code ./latentlab containers test} (deploy/containers/containers.sh) builds
 * the images with podman, brings docker-compose.yml up through podman's Docker API with the Kafka and MinIO
 * stand-ins, runs a study triggered with kcat and checks users, read-only root filesystems and the natives' volume.
 * This test runs it and reads what it left in target/containers: its log, the containers' logs and the report.
 */
class ContainerStudyIT {

    private static final Path ROOT = Path.of(System.getProperty("latentlab.root", "../../.."));
    private static final Path OUT = ROOT.resolve("services/tools/launcher/target/containers");
    /** containers.sh's exit code where podman cannot start a container at all. */
    private static final int SKIPPED = 77;
    private static final Pattern RESULT = Pattern.compile("container study: (\\S+) completed, (\\d+) rows");
    private static final List<String> SERVICES = List.of("data-prep", "noise-injector", "reducer-trainer",
            "classifier-trainer", "evaluator", "control", "model-server");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStudyRunsInTheComposeDeploymentOnPodman() throws Exception {
        Files.createDirectories(OUT);
        Path log = OUT.resolveSibling("containers-test.log");
        ProcessBuilder command = new ProcessBuilder("bash", "latentlab", "containers", "test")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("LATENTLAB_CONTAINERS_OUT", OUT.toString());
        Process run = command.start();
        if (!run.waitFor(14, TimeUnit.MINUTES)) {
            run.destroy(); // containers.sh tears down on SIGTERM
            run.waitFor(2, TimeUnit.MINUTES);
            throw new AssertionError("./latentlab containers test still running after 14 min; its log: " + log);
        }
        String output = Files.readString(log);
        if (run.exitValue() == SKIPPED) {
            System.err.println("\n########## ContainerStudyIT SKIPPED ##########\n" + output);
            Assumptions.abort("podman cannot start a container on this machine:\n" + output);
        }
        assertThat(run.exitValue()).as("./latentlab containers test (log %s):%n%s", log, tail(output)).isZero();

        List<String> lines = output.strip().lines().toList();
        Matcher result = RESULT.matcher(lines.get(lines.size() - 1));
        assertThat(result.matches()).as("the result line of%n%s", tail(output)).isTrue();
        String runId = result.group(1);

        JsonNode request = JSON.readTree(OUT.resolve("request.json").toFile());
        JsonNode report = JSON.readTree(OUT.resolve("runs").resolve(runId).resolve("report.json").toFile());
        assertThat(report.path("runId").asText()).isEqualTo(runId);
        assertThat(rowsOf(report)).as("the report's rows").containsExactlyInAnyOrderElementsOf(rowsAsked(request))
                .hasSize(Integer.parseInt(result.group(2)));

        for (String service : SERVICES) {
            Path containerLog = OUT.resolve("logs").resolve("latentlab-containers_" + service + "_1.log");
            assertThat(containerLog).as("the log of %s, kept", service).exists();
            assertThat(Files.readString(containerLog)).as(service)
                    .contains("[latentlab] cpus=").doesNotContain("Configuration validation failed", "No writable cache directories");
            assertThat(output).contains(service + ": uid 185, read-only root, /tmp a volume");
        }
    }

    /** reducer/k/noise/architecture of every row */
    private static List<String> rowsOf(JsonNode report) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : report.path("rows")) {
            String k = row.path("reducer").asText().equals("raw") ? "-" : row.path("k").asText();
            String noise = row.path("noise").isNull() ? "-" : String.valueOf(row.path("noise").asDouble());
            rows.add(row.path("reducer").asText() + "/" + k + "/" + noise + "/" + row.path("arch").asText());
        }
        return rows;
    }

    /** the request's grid: every reducer at every k (a DAE also at every noise factor) on every architecture */
    private static List<String> rowsAsked(JsonNode request) {
        List<String> rows = new ArrayList<>();
        for (JsonNode reducer : request.path("reducers")) {
            String kind = reducer.path("kind").asText();
            List<String> ks = new ArrayList<>();
            reducer.path("k").forEach(k -> ks.add(k.asText()));
            List<String> noises = new ArrayList<>();
            if (kind.equals("dae")) {
                request.path("noiseFactors").forEach(n -> noises.add(String.valueOf(n.asDouble())));
            } else {
                noises.add("-");
            }
            for (String k : kind.equals("raw") ? List.of("-") : ks) {
                for (String noise : noises) {
                    request.path("architectures").forEach(a -> rows.add(kind + "/" + k + "/" + noise + "/" + a.path("name").asText()));
                }
            }
        }
        return rows;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
