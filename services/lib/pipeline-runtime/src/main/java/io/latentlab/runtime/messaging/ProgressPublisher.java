package io.latentlab.runtime.messaging;

import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.proto.Progress;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Clock;

/** Publishes this stage's progress to the progress topic, keyed by run id, fire and forget. */
@ApplicationScoped
public class ProgressPublisher {

    private final ProgressReporter reporter;

    public ProgressPublisher(@Channel(Channels.PROGRESS) MutinyEmitter<Progress> emitter,
                             @ConfigProperty(name = "latentlab.stage") String stage) {
        this.reporter = new ProgressReporter(stage,
                progress -> emitter.sendMessageAndForget(KafkaRecord.of(progress.getRunId(), progress)),
                Clock.systemUTC());
    }

    public ProgressReporter reporter() {
        return reporter;
    }
}
