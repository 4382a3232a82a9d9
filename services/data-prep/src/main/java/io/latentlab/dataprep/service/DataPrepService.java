package io.latentlab.dataprep.service;

import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.kit.jobs.Hashing;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;
import io.latentlab.proto.RunRejected;
import io.latentlab.proto.RunRequest;
import io.latentlab.runtime.jobs.JobMetrics;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.KeyedSender;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/** Turns one run request into a stored dataset and the run's reducer jobs, or a rejection. */
@ApplicationScoped
public class DataPrepService {

    private static final Logger LOG = Logger.getLogger(DataPrepService.class);
    private static final String JOB_ID = "data-prep";

    private final MutinyEmitter<RunEvent> runEvents;
    private final MutinyEmitter<ReducerJob> reducerJobs;
    private final ProgressReporter progress;
    private final DatasetPreparer preparer;
    private final ArtifactStore store;
    private final String codeVersion;
    private final JobMetrics metrics;
    private final RunRequestValidator validator = new RunRequestValidator();
    private final Clock clock = Clock.systemUTC();

    public DataPrepService(@Channel(Channels.RUN_EVENTS) MutinyEmitter<RunEvent> runEvents,
                           @Channel(Channels.REDUCER_JOBS) MutinyEmitter<ReducerJob> reducerJobs,
                           ProgressPublisher progress, DatasetPreparer preparer, ArtifactStore store, JobMetrics metrics,
                           @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String codeVersion) {
        this.runEvents = runEvents;
        this.reducerJobs = reducerJobs;
        this.progress = progress.reporter();
        this.preparer = preparer;
        this.store = store;
        this.codeVersion = codeVersion;
        this.metrics = metrics;
    }

    /**
     * @param payload  the request as protobuf or one line of JSON; malformed bytes throw (dead letter)
     * @param delivery identifies the record (topic-partition@offset): a request without a run id gets
     *                 one derived from it, so a redelivered request keeps its run id
     */
    public void handle(byte[] payload, String delivery) {
        RunRequest parsed = RunRequestCodec.decode(payload);
        String runId = parsed.getRunId().isEmpty()
                ? "run-" + Hashing.sha256Hex(delivery + "|" + Hashing.sha256Hex(payload)).substring(0, 12)
                : parsed.getRunId();
        RunRequest request = RunProfiles.complete(parsed).toBuilder().setRunId(runId).build();
        List<String> reasons = validator.validate(request);
        if (!reasons.isEmpty()) {
            reject(request, reasons);
            return;
        }
        progress.started(runId, JOB_ID, "splitting MNIST");
        DatasetRef dataset;
        try {
            dataset = preparer.prepare(request);
        } catch (IllegalArgumentException e) {
            reject(request, List.of(e.getMessage()));
            return;
        } catch (MissingDatasetException e) {
            fail(runId, e.getMessage());
            return;
        }
        List<ReducerJob> jobs = JobPlanner.cleanReducerJobs(request, dataset);
        RunEvent accepted = acceptedEvent(request, dataset, JobPlanner.reducerJobCount(request));
        KeyedSender.sendAndAwait(runEvents, runId, accepted);
        for (ReducerJob job : jobs) {
            KeyedSender.sendAndAwait(reducerJobs, runId + "/" + job.getJobId(), job);
        }
        progress.finished(runId, JOB_ID, "%d train / %d val / %d test images, %d reducer jobs".formatted(
                dataset.getTrain().getRows(), dataset.getVal().getRows(), dataset.getTest().getRows(), jobs.size()));
        metrics.count("finished");
        LOG.infof("run %s accepted: %d reducer jobs, %d classifier jobs", runId, JobPlanner.reducerJobCount(request),
                JobPlanner.classifierJobCount(request));
    }

    /** The first acceptance of a run is kept in the store: a redelivery re-publishes it unchanged. */
    private RunEvent acceptedEvent(RunRequest request, DatasetRef dataset, int reducerJobCount) {
        String key = StoreKeys.runAccepted(request.getRunId());
        return store.find(key).map(bytes -> EventCodec.decode(bytes, RunEvent.parser(), key)).orElseGet(() -> {
            RunEvent event = RunEvent.newBuilder()
                    .setRunId(request.getRunId())
                    .setTimestampMs(clock.millis())
                    .setAccepted(RunAccepted.newBuilder()
                            .setRequest(request)
                            .setDataset(dataset)
                            .setReducerJobs(reducerJobCount)
                            .setClassifierJobs(JobPlanner.classifierJobCount(request))
                            .setCodeVersion(codeVersion))
                    .build();
            store.put(key, event.toByteArray());
            return event;
        });
    }

    private void reject(RunRequest request, List<String> reasons) {
        metrics.count("rejected");
        LOG.warnf("run %s rejected: %s", request.getRunId(), reasons);
        KeyedSender.sendAndAwait(runEvents, request.getRunId(), RunEvent.newBuilder()
                .setRunId(request.getRunId())
                .setTimestampMs(clock.millis())
                .setRejected(RunRejected.newBuilder().setRequest(request).addAllReasons(reasons))
                .build());
    }

    private void fail(String runId, String reason) {
        LOG.errorf("run %s failed: %s", runId, reason);
        progress.failed(runId, JOB_ID, reason);
        KeyedSender.sendAndAwait(runEvents, runId, RunEvent.newBuilder()
                .setRunId(runId)
                .setTimestampMs(clock.millis())
                .setFailed(RunFailed.newBuilder().setReason(reason))
                .build());
    }
}
