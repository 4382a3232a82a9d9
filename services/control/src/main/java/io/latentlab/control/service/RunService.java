package io.latentlab.control.service;

import io.latentlab.control.messaging.RunCommandPublisher;
import io.latentlab.kit.codec.MalformedMessageException;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.proto.RunCancelled;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/** Submits and cancels runs by publishing on Kafka; reads runs from the projection the topics feed. */
@ApplicationScoped
public class RunService {

    static final String DEFAULT_CANCEL_REASON = "cancelled through the control API";

    private final RunCommandPublisher publisher;
    private final RunStateProjection projection;
    private final Clock clock = Clock.systemUTC();

    public RunService(RunCommandPublisher publisher, RunStateProjection projection) {
        this.publisher = publisher;
        this.projection = projection;
    }

    /**
     * Parses a run request in the protobuf JSON mapping, names it if it has no run id and publishes it
     * as one line of JSON on the run-requests topic. Validation of the request itself is data-prep's:
     * a request it cannot run is answered with a rejected event.
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
        if (request.getRunId().isEmpty()) {
            request = request.toBuilder().setRunId(RunIds.newRunId(request.getProfile())).build();
        } else if (!RunIds.valid(request.getRunId())) {
            throw new BadRunRequestException("runId must be 1-64 characters of letters, digits, '.', '_' or '-'", null);
        }
        String runId = request.getRunId();
        if (projection.find(runId).isPresent()) {
            throw new RunConflictException("run " + runId + " already exists: choose another runId or leave it out");
        }
        publisher.publishRequest(runId, RunRequestCodec.toJson(request).getBytes(StandardCharsets.UTF_8));
        return runId;
    }

    /** Publishes RunCancelled; the run shows CANCELLED once the event is back from the topic. */
    public RunDetail cancel(String runId, String reason) {
        RunDetail run = get(runId);
        if (run.status() == RunStatus.CANCELLED) {
            return run;
        }
        if (run.status().terminal()) {
            throw new RunConflictException("run " + runId + " is already " + run.status() + ": nothing to cancel");
        }
        publisher.publishEvent(RunEvent.newBuilder()
                .setRunId(runId)
                .setTimestampMs(clock.millis())
                .setCancelled(RunCancelled.newBuilder()
                        .setReason(reason == null || reason.isBlank() ? DEFAULT_CANCEL_REASON : reason))
                .build());
        return run;
    }

    public List<RunSummary> list() {
        return projection.list();
    }

    public RunDetail get(String runId) {
        return projection.find(runId).orElseThrow(() -> new UnknownRunException(runId));
    }

    public AutoCloseable follow(String runId, RunListener listener) {
        return projection.subscribe(runId, listener);
    }
}
