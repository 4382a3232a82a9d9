package io.latentlab.runtime.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The training slots of this service: shared with every process of the machine that names the same
 * {@code latentlab.slots.dir} (the local stack: one slot per core for both trainers), else this
 * process's own (in Kubernetes the pod's CPU limit sets {@code latentlab.slots.count}).
 */
@ApplicationScoped
public class TrainingSlotsProducer {

    private static final Logger LOG = Logger.getLogger(TrainingSlotsProducer.class);

    @Produces
    @ApplicationScoped
    TrainingSlots slots(@ConfigProperty(name = "latentlab.slots.dir") Optional<String> dir,
                        @ConfigProperty(name = "latentlab.slots.count") int count) {
        Path path = dir.filter(d -> !d.isBlank()).map(Path::of).orElseGet(TrainingSlotsProducer::privateDir);
        LOG.infof("%d training slot(s) in %s%s", count, path, dir.isPresent() ? " (shared)" : " (this process's own)");
        return new TrainingSlots(path, count);
    }

    private static Path privateDir() {
        try {
            Path path = Files.createTempDirectory("latentlab-slots-");
            path.toFile().deleteOnExit();
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the training slots", e);
        }
    }
}
