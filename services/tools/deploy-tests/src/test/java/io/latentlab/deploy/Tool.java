package io.latentlab.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs a command-line tool in the repository root and returns its stdout; fails clearly if it is missing. */
final class Tool {

    private Tool() {
    }

    /** @param aptPackage the Debian package that provides the binary, named in the failure message */
    static String run(String aptPackage, String... command) {
        Path stderr = null;
        try {
            stderr = Files.createTempFile("deploy-tests", ".stderr");
            Process process;
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(Repo.ROOT.toFile())
                        .redirectError(stderr.toFile());
                // what the calling shell exported (./latentlab test exports its local stack's LATENTLAB_* and KAFKA_*)
                // must not reach the tool: docker-compose lets the environment override the --env-file it is given
                builder.environment().keySet().removeIf(name -> name.startsWith("LATENTLAB_")
                        || name.startsWith("KAFKA_") || name.startsWith("MINIO_") || name.startsWith("GRAFANA_")
                        || name.equals("S3_PORT"));
                process = builder.start();
            } catch (IOException notFound) {
                return fail("`" + command[0] + "` is not installed (" + notFound.getMessage()
                        + "): install it with `apt-get install -y " + aptPackage + "` (.ci/run does)");
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                return fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(stderr));
            }
            return out;
        } catch (IOException e) {
            return fail(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted: " + List.of(command));
        } finally {
            if (stderr != null) {
                stderr.toFile().delete();
            }
        }
    }
}
