package io.latentlab.launcher;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./latentlab} builds the CLI again when a source is newer than its jar (after a pull or an edit), not only
 * when the jar is missing: a stale CLI once ran the previous code. Runs a copy of the script in a directory of its
 * own, whose {@code mvnw} only records that it was called.
 */
class LatentlabRebuildsStaleJarsTest {

    private static final Instant BUILT = Instant.parse("2026-01-02T00:00:00Z");

    @TempDir
    Path root;

    private Path source;
    private Path calls;

    @BeforeEach
    void aCheckoutWithABuiltCli() throws IOException {
        Files.copy(PipelineHarness.root().resolve("latentlab"), root.resolve("latentlab"));
        calls = root.resolve("mvnw-calls.txt");
        Path mvnw = Files.writeString(root.resolve("mvnw"), "#!/bin/bash\necho \"$*\" >> '" + calls + "'\n");
        assertThat(mvnw.toFile().setExecutable(true)).isTrue();
        Path jar = root.resolve("services/tools/launcher/target/launcher-0.1.0-SNAPSHOT.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a jar: the test only watches what the script builds");
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
        source = root.resolve("services/lib/ml-core/src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}");
        Files.createDirectories(root.resolve("proto"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(BUILT.minusSeconds(60)));
    }

    @Test
    void aJarNewerThanEverySourceIsUsedAsItIs() throws Exception {
        Files.setLastModifiedTime(source, FileTime.from(BUILT.minusSeconds(60)));

        latentlab("runs");

        assertThat(calls).doesNotExist();
    }

    @Test
    void aSourceNewerThanTheJarBuildsTheCliAgain() throws Exception {
        Files.setLastModifiedTime(source, FileTime.from(BUILT.plusSeconds(60)));

        String output = latentlab("runs");

        assertThat(output).contains("building the CLI");
        assertThat(calls).exists();
        assertThat(Files.readString(calls)).contains("-pl services/tools/launcher -am package");
    }

    @Test
    void aChangedPomBuildsTheCliAgain() throws Exception {
        Files.setLastModifiedTime(source, FileTime.from(BUILT.minusSeconds(60)));
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(BUILT.plusSeconds(60)));

        latentlab("runs");

        assertThat(calls).exists();
    }

    /** The script's output; its exit code is the fake jar's failure and says nothing here. */
    private String latentlab(String command) throws Exception {
        Path log = root.resolve("out.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "./latentlab", command)
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LATENTLAB_") || name.startsWith("KAFKA_") || name.equals("S3_PORT"));
        env.put("LATENTLAB_STATE_DIR", root.resolve("state").toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./latentlab %s finished", command).isTrue();
        return Files.readString(log);
    }
}
