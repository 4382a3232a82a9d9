package io.latentlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository under test: the root Maven passes as {@code latentlab.root}, its services, its files. */
final class Repo {

    static final Path ROOT = locateRoot();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Quarkus services: every module with an application.properties (data-prep ... control). */
    static List<String> services() {
        try (Stream<Path> dirs = Files.list(path("services"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("src/main/resources/application.properties")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The services that talk to Kafka (every one but the model server, which reads completed runs from S3 only). */
    static List<String> kafkaServices() {
        return services().stream().filter(s -> ServiceConfig.of(s).usesKafka()).toList();
    }

    private static Path locateRoot() {
        String configured = System.getProperty("latentlab.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("latentlab")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no Latent Lab repository root at or above " + start
                + " (surefire passes -Dlatentlab.root=${maven.multiModuleProjectDirectory})");
    }
}
