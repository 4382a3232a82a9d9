package io.latentlab.runtime.jobs;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.KeyedSender;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Fails a run: a {@code failed} run event naming the job, the stage and the reason, so the run ends
 * FAILED (and can be retried) instead of waiting for results that will never come.
 */
@ApplicationScoped
public class RunFailures {

    private static final Logger LOG = Logger.getLogger(RunFailures.class);

    private final MutinyEmitter<RunEvent> runEvents;
    private final ArtifactStore store;
    private final String stage;
    private final Clock clock = Clock.systemUTC();

    public RunFailures(@Channel(Channels.RUN_FAILURES) MutinyEmitter<RunEvent> runEvents, ArtifactStore store,
                       @ConfigProperty(name = "latentlab.stage") String stage) {
        this.runEvents = runEvents;
        this.store = store;
        this.stage = stage;
    }

    public void fail(String runId, String jobId, String reason) {
        LOG.errorf("run %s failed in %s job %s: %s", runId, stage, jobId, reason);
        KeyedSender.sendAndAwait(runEvents, runId, RunEvent.newBuilder()
                .setRunId(runId)
                .setTimestampMs(clock.millis())
                .setFailed(RunFailed.newBuilder().setReason(reason).setJobId(jobId).setStage(stage)
                        .setAttempt(attempt(runId)))
                .build());
    }

    /** The run's attempt as data-prep stored it (0 when it cannot be read: the failure may be the store's). */
    private int attempt(String runId) {
        try {
            String key = StoreKeys.runAccepted(runId);
            return store.find(key).map(bytes -> EventCodec.decode(bytes, RunEvent.parser(), key).getAccepted().getAttempt())
                    .orElse(0);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
