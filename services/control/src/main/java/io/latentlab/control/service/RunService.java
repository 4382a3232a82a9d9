package io.latentlab.control.service;

import io.latentlab.kit.RunIds;
import io.latentlab.control.messaging.RunCommandPublisher;
import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.MalformedMessageException;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.kit.plan.Saturating;
import io.latentlab.proto.RunCancelled;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Submits, cancels and retries runs by publishing on Kafka; reads runs from the projection the topics feed. */
@ApplicationScoped
public class RunService {

    static final String DEFAULT_CANCEL_REASON = "cancelled through the control API";
    /** How long a command waits, right after a start, for the projection to have read the topics' backlog. */
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(20);

    private final RunCommandPublisher publisher;
    private final RunStateProjection projection;
    private final int maxJobsPerRun;
    private final Clock clock = Clock.systemUTC();
    /**
     * Run ids submitted through this instance. The projection learns of a run only once its request is
     * back from Kafka; until then two concurrent POSTs with one run id would both pass a look at the
     * projection. Adding to this set is the atomic step: exactly one of them wins.
     */
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    /** How long a published retry waits for data-prep's answer before another may be published. */
    private final Duration retryPending;

    public RunService(RunCommandPublisher publisher, RunStateProjection projection,
                      @ConfigProperty(name = "latentlab.max-jobs-per-run", defaultValue = "500") int maxJobsPerRun,
                      @ConfigProperty(name = "latentlab.control.retry-pending-seconds") long retryPendingSeconds) {
        if (retryPendingSeconds < 1) {
            throw new IllegalArgumentException("latentlab.control.retry-pending-seconds must be at least 1, not "
                    + retryPendingSeconds);
        }
        this.publisher = publisher;
        this.projection = projection;
        this.maxJobsPerRun = maxJobsPerRun;
        this.retryPending = Duration.ofSeconds(retryPendingSeconds);
    }

    /** What a command published: the topic, the record key and the message (the JSON or the event). */
    public record Published(String topic, String key, Object message) {
    }

    /**
     * Parses a run request in the protobuf JSON mapping, names it if it has no run id and publishes it
     * as one line of JSON on the run-requests topic. Validation of the request itself is data-prep's
     * (a request it cannot run is answered with a rejected event); this checks what becomes a key (the
     * run id) and rejects early what certainly exceeds the job limit.
     */
    public String submit(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRunRequestException("the body must be a run request in JSON, e.g. {\"profile\":\"quick\",\"seed\":7}",
                    null);
        }
        if (!body.strip().startsWith("{")) {
            throw new BadRunRequestException("the body is not a JSON object: expected a run request such as "
                    + "{\"profile\":\"quick\",\"seed\":7}", null);
        }
        RunRequest request;
        try {
            request = RunRequestCodec.decode(body.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedMessageException e) {
            throw new BadRunRequestException(e.getMessage(), e);
        }
        if (request.getRetry()) {
            throw new BadRunRequestException("\"retry\" is not a new run: POST /api/runs/{runId}/retry retries a failed run",
                    null);
        }
        if (request.getRunId().isEmpty()) {
            request = request.toBuilder().setRunId(RunIds.newRunId(request.getProfile())).build();
        } else if (!RunIds.valid(request.getRunId())) {
            throw new BadRunRequestException(RunIds.RULE, null);
        }
        checkJobCount(request);
        String runId = request.getRunId();
        awaitProjection();
        if (!reserved.add(runId)) {
            throw new RunConflictException("run " + runId + " already exists: choose another runId or leave it out");
        }
        if (projection.find(runId).isPresent()) {
            // known from Kafka (submitted by kcat, the CLI or another instance): keep the reservation, it stays taken
            throw new RunConflictException("run " + runId + " already exists: choose another runId or leave it out");
        }
        try {
            publisher.publishRequest(runId, RunRequestCodec.toJson(request).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            reserved.remove(runId);
            throw e;
        }
        return runId;
    }

    /**
     * The jobs the request lists explicitly, counted as data-prep plans them (JobPlanner): fields the profile
     * fills in are data-prep's to count, so this is a lower bound and data-prep's validator has the last word.
     */
    private void checkJobCount(RunRequest request) {
        // long and saturating: lists of a million entries each must not wrap the count below the limit
        long reducerJobs = JobPlanner.reducerJobs(request);
        long jobs = Saturating.add(reducerJobs, Saturating.multiply(reducerJobs, Math.max(1, request.getArchitecturesCount())));
        if (jobs > maxJobsPerRun) {
            throw new BadRunRequestException("the request plans at least " + jobs + " jobs (" + reducerJobs
                    + " reducer jobs and their classifier jobs); a run may have at most " + maxJobsPerRun
                    + " (latentlab.max-jobs-per-run)", null);
        }
    }

    /**
     * Publishes RunCancelled; the run shows CANCELLED once the event is back from the topic.
     *
     * @return what was published, or empty when the run is already cancelled (nothing to do)
     */
    public java.util.Optional<Published> cancel(String runId, String reason) {
        RunDetail run = get(runId);
        if (run.status() == RunStatus.CANCELLED) {
            return java.util.Optional.empty();
        }
        if (run.status().terminal()) {
            throw new RunConflictException("run " + runId + " is already " + run.status() + ": nothing to cancel");
        }
        RunEvent event = RunEvent.newBuilder()
                .setRunId(runId)
                .setTimestampMs(clock.millis())
                .setCancelled(RunCancelled.newBuilder()
                        .setReason(reason == null || reason.isBlank() ? DEFAULT_CANCEL_REASON : reason))
                .build();
        publisher.publishEvent(event);
        return java.util.Optional.of(new Published(Topics.RUN_EVENTS, runId,
                Map.of("cancelled", Map.of("reason", event.getCancelled().getReason()))));
    }

    /**
     * Publishes {@code {"runId": runId, "retry": true}} on the run-requests topic (the bytes a kcat user would
     * publish): data-prep plans the run again, finished jobs are reused from their outputs. A FAILED or a
     * STALLED run is retried, once until data-prep answers (the run log says whether it has: a retry survives
     * a restart of this service) or {@code latentlab.control.retry-pending-seconds} pass without an answer. A
     * CANCELLED run is not: every stage remembers the cancellation of its run id and would skip the retried
     * jobs; submit it again under a new run id (finished jobs are reused through the job cache all the same).
     * Synchronized: two concurrent retries of one run would both pass the look at the projection.
     */
    public synchronized Published retry(String runId) {
        RunDetail run = get(runId);
        if (!run.status().retryable()) {
            throw new RunConflictException("run " + runId + " is " + run.status() + ": only a FAILED or STALLED run "
                    + "can be retried" + (run.status() == RunStatus.CANCELLED ? " (submit a cancelled run again under "
                    + "a new runId: its finished jobs are reused)" : ""));
        }
        Optional<Instant> pendingUntil = retryPendingUntil(run, retryPending, clock.instant());
        if (pendingUntil.isPresent()) {
            throw new RunConflictException("a retry of attempt " + run.attempt() + " of run " + runId
                    + " is already published (at " + run.retryRequestedAt() + "): the run shows RUNNING once data-prep "
                    + "accepts it; without an answer from data-prep by " + pendingUntil.get() + " (latentlab.control."
                    + "retry-pending-seconds = " + retryPending.toSeconds() + ") it may be retried again");
        }
        String json = RunRequestCodec.toJson(RunRequest.newBuilder().setRunId(runId).setRetry(true));
        // taken before the publish: data-prep's answer can only be later than this, never earlier
        long requestedAt = clock.millis();
        publisher.publishRequest(runId, json.getBytes(StandardCharsets.UTF_8));
        projection.retryPublished(runId, requestedAt);
        return new Published(Topics.RUN_REQUESTS, runId, Map.of("runId", runId, "retry", true));
    }

    /**
     * Until when {@code run}'s latest retry request still waits for data-prep's answer at {@code now}; empty when
     * there is none, or its deadline has passed (the request or its answer was lost: a new retry may go).
     */
    static Optional<Instant> retryPendingUntil(RunDetail run, Duration deadline, Instant now) {
        if (run.retryRequestedAt() == null) {
            return Optional.empty();
        }
        Instant until = run.retryRequestedAt().plus(deadline);
        return now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public List<RunSummary> list() {
        return projection.list();
    }

    public RunDetail get(String runId) {
        if (!RunIds.valid(runId)) {
            throw new UnknownRunException(runId);
        }
        return projection.find(runId).orElseThrow(() -> new UnknownRunException(runId));
    }

    /** Right after a start the projection may not know every run yet: a duplicate check must wait for it. */
    private void awaitProjection() {
        if (!projection.awaitCaughtUp(CATCH_UP_WAIT)) {
            throw new ProjectionNotReadyException("the control service is still reading the run log from Kafka: "
                    + "try again in a few seconds");
        }
    }
}
