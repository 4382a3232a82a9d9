package io.latentlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ls services/} tells deployables from the rest: every folder there is a deployable (its
 * properties, its Dockerfile, its Deployment) except {@code lib/} (libraries) and {@code tools/} (never deployed).
 */
class LayoutTest {

    @Test
    void everyFolderDirectlyUnderServicesIsADeployableButLibAndTools() {
        List<String> folders = list(Repo.path("services"));
        assertThat(folders).contains("lib", "tools");
        for (String folder : folders.stream().filter(f -> !f.equals("lib") && !f.equals("tools")).toList()) {
            assertThat(Repo.path("services/" + folder + "/src/main/resources/application.properties")).as(folder).isRegularFile();
            assertThat(Repo.path("services/" + folder + "/src/main/docker/Dockerfile.jvm")).as(folder).isRegularFile();
            assertThat(Repo.path("k8s/base/services/" + folder)).as("%s's manifests", folder).isDirectory();
        }
        assertThat(Repo.services()).hasSize(folders.size() - 2);
    }

    @Test
    void nothingUnderLibOrToolsIsDeployable() {
        for (String group : List.of("lib", "tools")) {
            for (String module : list(Repo.path("services/" + group))) {
                Path base = Repo.path("services/" + group + "/" + module);
                assertThat(base.resolve("pom.xml")).as(module).isRegularFile();
                assertThat(base.resolve("src/main/docker")).as("%s has a Dockerfile", module).doesNotExist();
                assertThat(Repo.read("pom.xml")).as("the root pom lists %s", module)
                        .contains("<module>services/" + group + "/" + module + "</module>");
            }
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
