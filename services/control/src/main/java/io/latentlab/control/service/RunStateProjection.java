package io.latentlab.control.service;

import io.latentlab.kit.Stages;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.RunStalled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The state of every run, folded from the run-requests, run-events and progress topics. It holds
 * nothing that is not in Kafka: after a restart the consumer replays the topics from their beginning
 * and the same state comes back. Statuses only move forward (QUEUED → RUNNING → a terminal status,
 * the first terminal status wins), so records of different topics may arrive in any order; the ways
 * back are a retry: an accepted event of a later attempt puts a FAILED run back to RUNNING (run
 * events are keyed by run id, so one run's events keep their order), and a report: a completed event
 * makes a FAILED run COMPLETED (the report exists, whatever failed before it). A failed event of an
 * earlier attempt than the current one is stale and ignored; a second completed event changes nothing.
 * STALLED is derived, not folded in order: a run is STALLED while its latest {@code stalled} event is
 * about its latest progress (by timestamp), so a replay that reads a progress record before the stall
 * it ended still shows RUNNING. A retry is pending while the latest retry request is newer than
 * data-prep's latest answer (an acceptance, rejection, completion or data-prep failure).
 */
@ApplicationScoped
public class RunStateProjection {

    private static final String DATA_PREP = Stages.DATA_PREP;

    /** How many finished runs keep their jobs' learning curves when none is configured. */
    public static final int DEFAULT_CURVE_RUNS = 20;

    private final Map<String, RunState> runs = new LinkedHashMap<>();
    private final Map<String, List<RunListener>> listeners = new LinkedHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    // every epoch of every job of every run would grow without bound (a seed run holds about 6 000 points):
    // of the finished runs, only the curveRuns that finished last keep their curves; the others keep each job's
    // last figures. By finish time, not by the order the log is read in: its partitions replay in any order.
    private final Set<String> finishedWithCurves = new LinkedHashSet<>();
    private final int curveRuns;

    @Inject
    public RunStateProjection(@ConfigProperty(name = "latentlab.control.curve-runs",
            defaultValue = "" + DEFAULT_CURVE_RUNS) int curveRuns) {
        if (curveRuns < 1) {
            throw new IllegalArgumentException("latentlab.control.curve-runs must be at least 1, not " + curveRuns);
        }
        this.curveRuns = curveRuns;
    }

    public RunStateProjection() {
        this(DEFAULT_CURVE_RUNS);
    }

    // ------------------------------------------------------------------ folding

    /** A request seen on the run-requests topic (JSON or binary); requests without a run id are data-prep's to name. */
    public synchronized void request(RunRequest request, long timestampMs) {
        if (request.getRunId().isEmpty()) {
            return;
        }
        RunState run = run(request.getRunId(), timestampMs);
        run.requested = true;
        if (request.getRetry()) {
            // {"runId": ..., "retry": true}: the run's plan is data-prep's to reload; it shows RUNNING once accepted
            run.retryRequested(timestampMs);
            runChanged(run);
            return;
        }
        if (run.profile == null && !request.getProfile().isEmpty()) {
            run.profile = request.getProfile();
        }
        if (run.seed == null && request.getSeed() != 0) {
            run.seed = request.getSeed();
        }
        runChanged(run);
    }

    public synchronized void event(RunEvent event, long recordTimestampMs) {
        if (event.getRunId().isEmpty()) {
            return;
        }
        long at = event.getTimestampMs() > 0 ? event.getTimestampMs() : recordTimestampMs;
        RunState run = run(event.getRunId(), at);
        switch (event.getKindCase()) {
            case ACCEPTED -> {
                RunAccepted accepted = event.getAccepted();
                int attempt = Math.max(1, accepted.getAttempt());
                if (attempt < run.attempt) {
                    break; // an earlier attempt's acceptance, replayed after a retry's
                }
                run.startAttempt(attempt);
                RunRequest request = accepted.getRequest();
                if (!request.getProfile().isEmpty()) {
                    run.profile = request.getProfile();
                }
                if (request.getSeed() != 0 || run.seed == null) {
                    run.seed = request.getSeed();
                }
                run.reducerJobs = accepted.getReducerJobs();
                run.classifierJobs = accepted.getClassifierJobs();
                run.advance(RunStatus.RUNNING, at);
                run.progressed(at);
                run.answered(at);
            }
            case REJECTED -> {
                RunRequest request = event.getRejected().getRequest();
                if (run.profile == null && !request.getProfile().isEmpty()) {
                    run.profile = request.getProfile();
                }
                if (run.advance(RunStatus.REJECTED, at)) {
                    run.reasons.addAll(event.getRejected().getReasonsList());
                }
                run.answered(at);
            }
            case COMPLETED -> {
                // the report exists: that outweighs a failure of this or an earlier attempt (a retry of a run whose
                // report was written before a late failure re-announces the completion)
                if (run.status == RunStatus.FAILED) {
                    run.reopenFailed();
                }
                if (run.advance(RunStatus.COMPLETED, at)) {
                    run.reportKey = event.getCompleted().getReportJson().getKey();
                }
                run.answered(at);
            }
            case FAILED -> {
                RunFailed failed = event.getFailed();
                int attempt = failed.getAttempt() > 0 ? failed.getAttempt() : run.attempt;
                if (attempt < run.attempt) {
                    break; // a job of an earlier attempt failed after the retry was accepted
                }
                run.startAttempt(attempt);
                RunFailure failure = new RunFailure(attempt, failed.getReason(), emptyToNull(failed.getJobId()),
                        emptyToNull(failed.getStage()), Instant.ofEpochMilli(at));
                boolean answersRetry = DATA_PREP.equals(failed.getStage()) || failed.getStage().isEmpty();
                if (run.advance(RunStatus.FAILED, at)) {
                    run.reasons.add(failed.getReason());
                    run.failure = failure;
                } else if (run.status == RunStatus.FAILED && answersRetry && run.retryPending()
                        && at >= run.lastRetryRequestMs) {
                    // data-prep could not start the retry (it repeats the attempt it could not raise): that is the news
                    run.failedAgain(failure);
                }
                if (answersRetry) {
                    run.answered(at);
                }
            }
            case STALLED -> {
                RunStalled stalled = event.getStalled();
                if (stalled.getAttempt() >= run.attempt) {
                    run.stalled(stalled, at);
                }
            }
            case STALL_ENDED -> run.stallEndedFor = Math.max(run.stallEndedFor,
                    event.getStallEnded().getStalledLastProgressMs());
            case CANCELLED -> {
                if (run.advance(RunStatus.CANCELLED, at)) {
                    run.reasons.add(event.getCancelled().getReason());
                }
            }
            default -> {
                // an event kind from a newer schema: nothing to show yet
            }
        }
        if (run.status.terminal()) {
            keepCurvesOfRecentRuns(run);
        } else {
            finishedWithCurves.remove(run.runId); // a retry runs it again: it rejoins when it finishes
        }
        runChanged(run);
    }

    /** {@code finished} joins the runs that keep their curves; the earliest finished beyond {@link #curveRuns} let theirs go. */
    private void keepCurvesOfRecentRuns(RunState finished) {
        if (finished.curvesTrimmed || !finishedWithCurves.add(finished.runId)) {
            return;
        }
        while (finishedWithCurves.size() > curveRuns) {
            RunState earliest = finishedWithCurves.stream().map(runs::get)
                    .min(Comparator.comparing((RunState r) -> r.finishedAt)).orElseThrow();
            finishedWithCurves.remove(earliest.runId);
            earliest.trimCurves();
        }
    }

    public synchronized void progress(Progress progress, long recordTimestampMs) {
        if (progress.getRunId().isEmpty() || progress.getJobId().isEmpty()) {
            return;
        }
        long at = progress.getTimestampMs() > 0 ? progress.getTimestampMs() : recordTimestampMs;
        RunState run = run(progress.getRunId(), at);
        boolean wasStalled = run.isStalled();
        boolean runChanged = run.advance(RunStatus.RUNNING, at);
        run.progressed(at);
        runChanged |= wasStalled != run.isStalled();
        String key = progress.getStage() + "/" + progress.getJobId();
        JobState job = run.jobs.computeIfAbsent(key, k -> new JobState(progress.getStage(), progress.getJobId()));
        job.apply(progress, at, !run.curvesTrimmed);
        if (runChanged) {
            runChanged(run);
        } else {
            JobView view = job.view();
            listenersOf(run.runId).forEach(listener -> listener.job(view));
        }
    }

    /** The consumer has read every topic up to where it stood when the service started. */
    public void markCaughtUp() {
        caughtUp.countDown();
    }

    /** True once {@link #markCaughtUp()} was called, waiting for it at most {@code timeout}. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    // ------------------------------------------------------------------ queries

    public synchronized List<RunSummary> list() {
        return runs.values().stream()
                .sorted(Comparator.comparing((RunState r) -> r.startedAt).reversed())
                .map(RunState::summary)
                .toList();
    }

    public synchronized Optional<RunDetail> find(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunState::detail);
    }

    /** What the stall watchdog needs of every RUNNING run (STALLED ones included). */
    public synchronized List<RunActivity> runningRuns() {
        return runs.values().stream().filter(r -> r.status == RunStatus.RUNNING).map(RunState::activity).toList();
    }

    /** How many runs are STALLED now (the stalled-runs gauge). */
    public synchronized long stalledCount() {
        return runs.values().stream().filter(RunState::isStalled).count();
    }

    /**
     * A retry was just published by this instance: pending from now, before its record is back from the topic
     * (where it is folded again, at the same time give or take the broker's round trip).
     */
    public synchronized void retryPublished(String runId, long timestampMs) {
        RunState run = runs.get(runId);
        if (run != null) {
            run.retryRequested(timestampMs);
            runChanged(run);
        }
    }

    /**
     * Calls {@code listener.run} with the run as it is now, then with every change until the returned
     * handle is closed. Unknown runs are followed too: they appear once their first record arrives.
     */
    public synchronized AutoCloseable subscribe(String runId, RunListener listener) {
        RunState run = runs.get(runId);
        if (run != null) {
            listener.run(run.detail());
        }
        listeners.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> unsubscribe(runId, listener);
    }

    private synchronized void unsubscribe(String runId, RunListener listener) {
        List<RunListener> list = listeners.get(runId);
        if (list != null) {
            list.remove(listener);
            if (list.isEmpty()) {
                listeners.remove(runId);
            }
        }
    }

    // ------------------------------------------------------------------ internals

    private RunState run(String runId, long timestampMs) {
        RunState run = runs.computeIfAbsent(runId, RunState::new);
        Instant at = Instant.ofEpochMilli(timestampMs);
        if (run.startedAt == null || at.isBefore(run.startedAt)) {
            run.startedAt = at;
        }
        return run;
    }

    private void runChanged(RunState run) {
        List<RunListener> list = listenersOf(run.runId);
        if (!list.isEmpty()) {
            RunDetail detail = run.detail();
            list.forEach(listener -> listener.run(detail));
        }
    }

    private List<RunListener> listenersOf(String runId) {
        return listeners.getOrDefault(runId, List.of());
    }

    private static int stageRank(String stage) {
        int index = Stages.IN_ORDER.indexOf(stage);
        return index < 0 ? Stages.IN_ORDER.size() : index;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static final class RunState {
        /** The latest progress (a progress event of any kind, or the acceptance): a stall is measured from it. */
        long lastProgressMs = -1;
        /** The latest stalled event: the last progress it was about (-1: none), its attempt, reason and time. */
        long stalledAtProgressMs = -1;
        int stallAttempt;
        String stallReason;
        long stallPublishedMs;
        /** The latest stall_ended event's stall (its last progress); -1: none. */
        long stallEndedFor = -1;
        /** The latest retry request and data-prep's latest answer (-1: none): a retry is pending while newer. */
        long lastRetryRequestMs = -1;
        long lastAnswerMs = -1;
        final String runId;
        final List<String> reasons = new ArrayList<>();
        final Map<String, JobState> jobs = new LinkedHashMap<>();
        final List<RunFailure> previousFailures = new ArrayList<>();
        boolean requested;
        String profile;
        Long seed;
        RunStatus status = RunStatus.QUEUED;
        Instant startedAt;
        Instant finishedAt;
        int reducerJobs;
        int classifierJobs;
        String reportKey;
        int attempt = 1;
        RunFailure failure;
        /** The jobs' learning curves were let go (an older finished run): each job keeps its last figures. */
        boolean curvesTrimmed;

        RunState(String runId) {
            this.runId = runId;
        }

        /** Moves to {@code next} if that is forward; true when the status changed. */
        boolean advance(RunStatus next, long timestampMs) {
            if (status.terminal() || next.ordinal() <= status.ordinal()) {
                return false;
            }
            status = next;
            if (next.terminal()) {
                finishedAt = Instant.ofEpochMilli(timestampMs);
            }
            return true;
        }

        void progressed(long timestampMs) {
            lastProgressMs = Math.max(lastProgressMs, timestampMs);
        }

        void answered(long timestampMs) {
            lastAnswerMs = Math.max(lastAnswerMs, timestampMs);
        }

        void retryRequested(long timestampMs) {
            lastRetryRequestMs = Math.max(lastRetryRequestMs, timestampMs);
        }

        boolean retryPending() {
            return lastRetryRequestMs > lastAnswerMs;
        }

        void stalled(RunStalled stalled, long timestampMs) {
            if (stalled.getLastProgressMs() > stalledAtProgressMs) {
                stalledAtProgressMs = stalled.getLastProgressMs();
                stallAttempt = stalled.getAttempt();
                stallReason = stalled.getReason();
                stallPublishedMs = timestampMs;
            }
        }

        /** RUNNING, and the latest stall is about the latest progress: nothing has moved since it was published. */
        boolean isStalled() {
            return status == RunStatus.RUNNING && stalledAtProgressMs >= 0 && stalledAtProgressMs >= lastProgressMs;
        }

        RunStatus shownStatus() {
            return isStalled() ? RunStatus.STALLED : status;
        }

        RunStall stall() {
            return isStalled() ? new RunStall(stallAttempt, stallReason, Instant.ofEpochMilli(stalledAtProgressMs),
                    Instant.ofEpochMilli(stallPublishedMs)) : null;
        }

        Instant retryRequestedAt() {
            return retryPending() ? Instant.ofEpochMilli(lastRetryRequestMs) : null;
        }

        RunActivity activity() {
            List<String> running = jobs.values().stream().filter(j -> j.status == JobStatus.RUNNING)
                    .map(JobState::describe).toList();
            return new RunActivity(runId, attempt, lastProgressMs, stalledAtProgressMs, stallEndedFor, running);
        }

        /** A FAILED run's report turned up: the failure goes to the history and the run may end COMPLETED. */
        void reopenFailed() {
            if (failure != null) {
                previousFailures.add(failure);
            }
            failure = null;
            reasons.clear();
            finishedAt = null;
            status = RunStatus.RUNNING;
        }

        /** The same attempt failed once more after a retry request (the retry itself failed): the newer reason shows. */
        void failedAgain(RunFailure again) {
            if (failure != null) {
                previousFailures.add(failure);
            }
            failure = again;
            reasons.clear();
            reasons.add(again.reason());
        }

        /** A later attempt: a FAILED run runs again (its failure kept in the history); other statuses stay. */
        void startAttempt(int next) {
            if (next <= attempt) {
                return;
            }
            attempt = next;
            if (status == RunStatus.FAILED) {
                curvesTrimmed = false; // a retry trains again: its new epochs are drawn
                reopenFailed();
            }
        }

        void trimCurves() {
            curvesTrimmed = true;
            jobs.values().forEach(JobState::trimCurve);
        }

        JobCounts counts() {
            int running = 0;
            int finished = 0;
            int failed = 0;
            int skipped = 0;
            int cached = 0;
            for (JobState job : jobs.values()) {
                switch (job.status) {
                    case RUNNING -> running++;
                    case FINISHED -> finished++;
                    case FAILED -> failed++;
                    case SKIPPED -> {
                        skipped++;
                        if (job.cachedFrom != null) {
                            cached++;
                        }
                    }
                }
            }
            return new JobCounts(reducerJobs, classifierJobs, jobs.size(), running, finished, failed, skipped, cached);
        }

        RunSummary summary() {
            return new RunSummary(runId, profile, shownStatus(), startedAt, finishedAt, counts(), attempt, stall());
        }

        RunDetail detail() {
            List<JobView> views = jobs.values().stream()
                    .sorted(Comparator.comparingInt((JobState j) -> stageRank(j.stage)).thenComparing(j -> j.jobId))
                    .map(JobState::view)
                    .toList();
            return new RunDetail(runId, profile, seed, shownStatus(), List.copyOf(reasons), startedAt, finishedAt,
                    counts(), reportKey, attempt, failure, List.copyOf(previousFailures), curvesTrimmed, stall(),
                    retryRequestedAt(), views);
        }
    }

    private static final class JobState {
        final String stage;
        final String jobId;
        final TreeMap<Integer, EpochPoint> curve = new TreeMap<>();
        /** The curve before the last STARTED: a RESUMED that follows it keeps the epochs up to the checkpoint. */
        TreeMap<Integer, EpochPoint> curveBeforeRestart;
        JobStatus status = JobStatus.RUNNING;
        int epoch;
        int maxEpochs;
        Double loss;
        Double valLoss;
        Instant startedAt;
        Instant finishedAt;
        String message;
        String error;
        Integer resumedFromEpoch;
        String cachedFrom;

        JobState(String stage, String jobId) {
            this.stage = stage;
            this.jobId = jobId;
        }

        void trimCurve() {
            curve.clear();
            curveBeforeRestart = null;
        }

        /** Folds one progress event in; {@code keepCurve} false: the epoch's figures update, no point is kept. */
        void apply(Progress progress, long timestampMs, boolean keepCurve) {
            Instant at = Instant.ofEpochMilli(timestampMs);
            if (!progress.getMessage().isEmpty()) {
                message = progress.getMessage();
            }
            switch (progress.getKind()) {
                case STARTED -> {
                    // a redelivered job starts over (or resumes: a RESUMED follows)
                    curveBeforeRestart = curve.isEmpty() ? null : new TreeMap<>(curve);
                    status = JobStatus.RUNNING;
                    startedAt = at;
                    finishedAt = null;
                    error = null;
                    resumedFromEpoch = null;
                    cachedFrom = null;
                    curve.clear();
                    epoch = 0;
                    loss = null;
                    valLoss = null;
                    if (progress.getMaxEpochs() > 0) {
                        maxEpochs = progress.getMaxEpochs();
                    }
                }
                case RESUMED -> {
                    int checkpoint = progress.getEpoch();
                    status = JobStatus.RUNNING;
                    if (startedAt == null) {
                        startedAt = at;
                    }
                    finishedAt = null;
                    error = null;
                    cachedFrom = null;
                    resumedFromEpoch = checkpoint;
                    if (curve.isEmpty() && curveBeforeRestart != null) {
                        curve.putAll(curveBeforeRestart.headMap(checkpoint, true));
                    }
                    // epochs after the checkpoint were lost with the process: they are trained again
                    curve.tailMap(checkpoint, false).clear();
                    curveBeforeRestart = null;
                    epoch = checkpoint;
                    EpochPoint last = curve.get(checkpoint);
                    loss = last == null ? null : last.loss();
                    valLoss = last == null ? null : last.valLoss();
                    if (progress.getMaxEpochs() > 0) {
                        maxEpochs = progress.getMaxEpochs();
                    }
                }
                case EPOCH -> {
                    status = JobStatus.RUNNING;
                    if (startedAt == null) {
                        startedAt = at;
                    }
                    epoch = progress.getEpoch();
                    if (progress.getMaxEpochs() > 0) {
                        maxEpochs = progress.getMaxEpochs();
                    }
                    loss = progress.getLoss();
                    valLoss = progress.getValLoss();
                    if (keepCurve) {
                        curve.put(progress.getEpoch(), new EpochPoint(progress.getEpoch(), progress.getLoss(),
                                progress.getValLoss()));
                    }
                }
                case FINISHED -> finish(JobStatus.FINISHED, at);
                case SKIPPED -> {
                    finish(JobStatus.SKIPPED, at);
                    cachedFrom = emptyToNull(progress.getTrainedByRun());
                }
                case FAILED -> {
                    finish(JobStatus.FAILED, at);
                    error = progress.getMessage();
                }
                default -> {
                    // unspecified kinds carry nothing to show
                }
            }
        }

        private void finish(JobStatus finalStatus, Instant at) {
            status = finalStatus;
            finishedAt = at;
            if (startedAt == null) {
                startedAt = at;
            }
        }

        /** "ae3-k64 (reducer-trainer) at epoch 13/60", for a stall's reason. */
        String describe() {
            return jobId + " (" + stage + ")" + (maxEpochs > 0 ? " at epoch " + epoch + "/" + maxEpochs : "");
        }

        JobView view() {
            return new JobView(stage, jobId, status, epoch, maxEpochs, loss, valLoss, startedAt, finishedAt, message,
                    error, resumedFromEpoch, cachedFrom, List.copyOf(curve.values()));
        }
    }
}
