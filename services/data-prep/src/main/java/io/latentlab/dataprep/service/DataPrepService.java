package io.latentlab.dataprep.service;

import io.latentlab.kit.RunIds;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.kit.jobs.Hashing;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.DatasetInfo;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunRejected;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SeedPlan;
import io.latentlab.kit.plan.RepeatSeeds;
import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.runtime.provenance.BuildInfo;
import io.latentlab.runtime.jobs.JobMetrics;
import io.latentlab.runtime.jobs.JobHandedBackException;
import io.latentlab.runtime.jobs.RetryPolicy;
import io.latentlab.runtime.jobs.RunFailures;
import io.latentlab.runtime.jobs.Transience;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.KeyedSender;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Turns one run request into a stored dataset and the run's reducer jobs, or a rejection. */
@ApplicationScoped
public class DataPrepService {

    private static final Logger LOG = Logger.getLogger(DataPrepService.class);
    public static final String JOB_ID = "data-prep";

    private final MutinyEmitter<RunEvent> runEvents;
    private final MutinyEmitter<ReducerJob> reducerJobs;
    private final ProgressReporter progress;
    private final DatasetPreparer preparer;
    private final ArtifactStore store;
    private final String codeVersion;
    private final JobMetrics metrics;
    private final RetryPolicy retryPolicy;
    private final RunFailures failures;
    private final RunRequestValidator validator = new RunRequestValidator();
    private final Clock clock = Clock.systemUTC();

    public DataPrepService(@Channel(Channels.RUN_EVENTS) MutinyEmitter<RunEvent> runEvents,
                           @Channel(Channels.REDUCER_JOBS) MutinyEmitter<ReducerJob> reducerJobs,
                           ProgressPublisher progress, DatasetPreparer preparer, ArtifactStore store, JobMetrics metrics,
                           RetryPolicy retryPolicy, RunFailures failures) {
        this.runEvents = runEvents;
        this.reducerJobs = reducerJobs;
        this.progress = progress.reporter();
        this.preparer = preparer;
        this.store = store;
        this.codeVersion = BuildInfo.current().codeVersion();
        this.metrics = metrics;
        this.retryPolicy = retryPolicy;
        this.failures = failures;
    }

    /**
     * @param payload  the request as protobuf or one line of JSON; malformed bytes throw (dead letter)
     * @param delivery identifies the record (topic-partition@offset): a request without a run id gets
     *                 one derived from it, so a redelivered request keeps its run id
     */
    public void handle(byte[] payload, String delivery) {
        RunRequest parsed = RunRequestCodec.decode(payload);
        if (parsed.getRetry()) {
            retry(parsed);
            return;
        }
        String runId = runIdOf(parsed, payload, delivery);
        RunRequest request = RunProfiles.complete(parsed).toBuilder().setRunId(runId).build();
        List<String> reasons = validator.validate(request);
        if (!reasons.isEmpty()) {
            reject(request, reasons);
            return;
        }
        try {
            retryPolicy.call(runId + "/" + JOB_ID, () -> {
                accept(request);
                return null;
            });
        } catch (JobHandedBackException e) {
            throw e; // a shutdown or an outage past the retry window: the message runs again, the run does not fail
        } catch (RuntimeException e) {
            fail(runId, Transience.reason(e));
        }
    }

    /**
     * The run a request's bytes belong to, if they decode and name a usable run id: the one {@link #handle} would
     * give the run. For failing the run of a request that is given up without being handled.
     */
    public Optional<String> runIdOf(byte[] payload, String delivery) {
        try {
            RunRequest parsed = RunRequestCodec.decode(payload);
            String runId = parsed.getRetry() ? parsed.getRunId() : runIdOf(parsed, payload, delivery);
            return RunIds.valid(runId) ? Optional.of(runId) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String runIdOf(RunRequest parsed, byte[] payload, String delivery) {
        return parsed.getRunId().isEmpty()
                ? "run-" + Hashing.sha256Hex(delivery + "|" + Hashing.sha256Hex(payload)).substring(0, 12)
                : parsed.getRunId();
    }

    private void accept(RunRequest request) {
        String runId = request.getRunId();
        Optional<RunEvent> existing = storedAcceptance(runId);
        if (existing.isPresent() && !existing.get().getAccepted().getRequest().equals(request)) {
            // a run id names one plan: a different request under it would mix two runs' outputs
            reject(request, List.of("run id '" + runId + "' is taken by another run; choose another id, or retry that run"
                    + " with {\"runId\":\"" + runId + "\",\"retry\":true}"));
            return;
        }
        String dataset = RunDatasets.of(request);
        progress.started(runId, JOB_ID, "splitting " + (dataset.equals(RunDatasets.MNIST) ? "MNIST" : dataset));
        List<SeedPlan> seeds;
        DatasetInfo source;
        try {
            seeds = seedPlans(request);
            source = preparer.info(request);
        } catch (IllegalArgumentException e) {
            reject(request, List.of(e.getMessage()));
            return;
        } catch (MissingDatasetException e) {
            fail(runId, e.getMessage());
            return;
        }
        // a redelivered request re-announces the first acceptance unchanged
        RunEvent accepted = existing.orElseGet(() -> store(acceptedEvent(request, seeds, source, 1)));
        plan(accepted);
    }

    /**
     * One plan per repeat: its seed and its dataset, the run's split unless the request asks each repeat to
     * draw its own ({@code resplitPerSeed}).
     */
    private List<SeedPlan> seedPlans(RunRequest request) {
        DatasetRef runSplit = preparer.prepare(request, request.getSeed());
        if (!request.getResplitPerSeed()) {
            return JobPlanner.seedPlans(request, runSplit);
        }
        List<Long> seeds = RepeatSeeds.of(request);
        List<SeedPlan> plans = new java.util.ArrayList<>(seeds.size());
        for (int repeat = 0; repeat < seeds.size(); repeat++) {
            DatasetRef dataset = seeds.get(repeat) == request.getSeed() ? runSplit : preparer.prepare(request, seeds.get(repeat));
            plans.add(SeedPlan.newBuilder().setRepeat(repeat).setSeed(seeds.get(repeat)).setDataset(dataset).build());
        }
        return plans;
    }

    /** The stored plan's repeats (an acceptance stored before repeats existed: one, on its dataset). */
    private static List<SeedPlan> seedsOf(RunAccepted accepted) {
        return accepted.getSeedsCount() > 0 ? accepted.getSeedsList()
                : JobPlanner.seedPlans(accepted.getRequest(), accepted.getDataset());
    }

    /**
     * Runs a run's stored plan again (attempt + 1): every job is published anew, finished ones are
     * reused from their outputs, failed and missing ones run. A completed run is only re-announced.
     */
    private void retry(RunRequest retry) {
        String runId = retry.getRunId();
        try {
            retryPolicy.call(runId + "/retry", () -> {
                Optional<RunEvent> stored = storedAcceptance(runId);
                if (stored.isEmpty()) {
                    reject(retry, List.of("no run '" + runId + "' to retry: it was never accepted"));
                    return null;
                }
                Optional<RunCompleted> completed = completedReport(runId);
                if (completed.isPresent()) {
                    LOG.infof("run %s has completed: its completion is announced again, nothing runs", runId);
                    KeyedSender.sendAndAwait(runEvents, runId, RunEvent.newBuilder().setRunId(runId)
                            .setTimestampMs(clock.millis()).setCompleted(completed.get()).build());
                    return null;
                }
                RunAccepted previous = stored.get().getAccepted();
                RunEvent again = store(acceptedEvent(previous.getRequest(), seedsOf(previous),
                        previous.hasSource() ? previous.getSource() : null, Math.max(1, previous.getAttempt()) + 1));
                LOG.infof("run %s retried: attempt %d", runId, again.getAccepted().getAttempt());
                plan(again);
                return null;
            });
        } catch (JobHandedBackException e) {
            throw e; // a shutdown or an outage past the retry window: the message runs again, the run does not fail
        } catch (RuntimeException e) {
            fail(runId, "retry failed: " + Transience.reason(e));
        }
    }

    /** Announces the acceptance and publishes the reducer jobs on the clean dataset (noise-injector plans the rest). */
    private void plan(RunEvent accepted) {
        RunRequest request = accepted.getAccepted().getRequest();
        DatasetRef dataset = accepted.getAccepted().getDataset();
        String runId = request.getRunId();
        List<ReducerJob> jobs = JobPlanner.cleanReducerJobs(request, seedsOf(accepted.getAccepted()));
        KeyedSender.sendAndAwait(runEvents, runId, accepted);
        for (ReducerJob job : jobs) {
            KeyedSender.sendAndAwait(reducerJobs, runId + "/" + job.getJobId(), job);
        }
        progress.finished(runId, JOB_ID, "%d train / %d val / %d test images, %d reducer jobs%s".formatted(
                dataset.getTrain().getRows(), dataset.getVal().getRows(), dataset.getTest().getRows(), jobs.size(),
                RepeatSeeds.count(request) > 1 ? " over " + RepeatSeeds.count(request) + " seeds" : ""));
        metrics.count("finished");
        LOG.infof("run %s accepted (attempt %d): %d reducer jobs, %d classifier jobs", runId,
                accepted.getAccepted().getAttempt(), JobPlanner.reducerJobCount(request), JobPlanner.classifierJobCount(request));
    }

    private Optional<RunEvent> storedAcceptance(String runId) {
        String key = StoreKeys.runAccepted(runId);
        return store.find(key).map(bytes -> EventCodec.decode(bytes, RunEvent.parser(), key));
    }

    private Optional<RunCompleted> completedReport(String runId) {
        Optional<ArtifactRef> json = store.stat(StoreKeys.runReport(runId, "report.json"));
        if (json.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RunCompleted.newBuilder().setReportJson(json.get())
                .setReportMd(store.stat(StoreKeys.runReport(runId, "report.md")).orElseThrow())
                .setReportHtml(store.stat(StoreKeys.runReport(runId, "report.html")).orElseThrow()).build());
    }

    /** @param source the dataset's name, class names and checksum (null: an acceptance stored before it existed) */
    private RunEvent acceptedEvent(RunRequest request, List<SeedPlan> seeds, DatasetInfo source, int attempt) {
        RunAccepted.Builder accepted = RunAccepted.newBuilder()
                .setRequest(request)
                .setDataset(seeds.get(0).getDataset())
                .addAllSeeds(seeds)
                .setReducerJobs(JobPlanner.reducerJobCount(request))
                .setClassifierJobs(JobPlanner.classifierJobCount(request))
                .setCodeVersion(codeVersion)
                .setAttempt(attempt);
        return RunEvent.newBuilder()
                .setRunId(request.getRunId())
                .setTimestampMs(clock.millis())
                .setAccepted(source == null ? accepted : accepted.setSource(source))
                .build();
    }

    private RunEvent store(RunEvent accepted) {
        store.put(StoreKeys.runAccepted(accepted.getRunId()), accepted.toByteArray());
        return accepted;
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
        progress.failed(runId, JOB_ID, reason);
        metrics.count("failed");
        failures.fail(runId, JOB_ID, reason);
    }
}
