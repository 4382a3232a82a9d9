package io.latentlab.control.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.control.service.ArtifactService;
import io.latentlab.control.service.JobView;
import io.latentlab.control.service.RunDetail;
import io.latentlab.control.service.RunIds;
import io.latentlab.control.service.RunListener;
import io.latentlab.control.service.RunService;
import io.latentlab.control.service.RunSummary;
import io.latentlab.control.service.UnknownRunException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

@Path("/api/runs")
@Tag(name = "runs", description = "Submit, follow and cancel runs; read their reports")
public class RunResource {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final RunService runs;
    private final ArtifactService artifacts;
    private final ObjectMapper json;

    public RunResource(RunService runs, ArtifactService artifacts, ObjectMapper json) {
        this.runs = runs;
        this.artifacts = artifacts;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a run", description = "Publishes the request (protobuf JSON mapping of RunRequest) "
            + "on latentlab.run-requests, keyed by its runId; a runId is assigned when the request has none.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples =
            @ExampleObject(name = "quick", value = "{\"profile\":\"quick\",\"seed\":7}")))
    @APIResponse(responseCode = "202", description = "published; follow it at /api/runs/{runId}")
    @APIResponse(responseCode = "400", description = "the body is not a run request")
    @APIResponse(responseCode = "409", description = "a run with that runId exists")
    public Response submit(String body, @Context UriInfo uri) {
        String runId = runs.submit(body);
        URI location = uri.getBaseUriBuilder().path("api/runs").path(runId).build();
        return Response.accepted(Map.of("runId", runId)).location(location).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every run known to the run-requests, run-events and progress topics, newest first")
    public List<RunSummary> list() {
        return runs.list();
    }

    @GET
    @Path("/{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A run: status, reasons and every job with its learning curve")
    @APIResponse(responseCode = "404", description = "unknown run")
    public RunDetail get(@PathParam("runId") String runId) {
        return runs.get(runId);
    }

    @DELETE
    @Path("/{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a run", description = "Publishes RunCancelled on latentlab.run-events; "
            + "the run shows CANCELLED once the event is consumed back.")
    @APIResponse(responseCode = "202", description = "cancellation published")
    @APIResponse(responseCode = "404", description = "unknown run")
    @APIResponse(responseCode = "409", description = "the run has already finished")
    public Response cancel(@PathParam("runId") String runId, @QueryParam("reason") String reason) {
        runs.cancel(runId, reason);
        return Response.accepted(Map.of("runId", runId, "status", "CANCELLED")).build();
    }

    @GET
    @Path("/{runId}/report")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The run's report.json from the object store")
    @APIResponse(responseCode = "404", description = "no report (yet)")
    public Response report(@PathParam("runId") String runId) {
        return artifacts.report(runId)
                .map(a -> Response.ok(a.data(), a.contentType()).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "no report for run " + runId + " (yet)"));
    }

    @GET
    @Path("/{runId}/artifacts/{path: .+}")
    @Produces({MediaType.APPLICATION_JSON, "text/markdown", MediaType.TEXT_HTML, "image/png", MediaType.WILDCARD})
    @Operation(summary = "Any object under runs/{runId}/ in the object store")
    @APIResponse(responseCode = "404", description = "no such object")
    public Response artifact(@PathParam("runId") String runId, @PathParam("path") String path) {
        return artifacts.artifact(runId, path)
                .map(a -> Response.ok(a.data(), a.contentType()).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND,
                        "no artifact " + path + " under run " + runId));
    }

    @GET
    @Path("/{runId}/pictures/{name}")
    @Produces("image/png")
    @Operation(summary = "A picture the run's report names (report.json \"pictures\"), wherever the stage stored it")
    @APIResponse(responseCode = "404", description = "no report yet, or no picture of that name")
    public Response picture(@PathParam("runId") String runId, @PathParam("name") String name) {
        return artifacts.picture(runId, name)
                .map(a -> Response.ok(a.data(), a.contentType()).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND,
                        "no picture " + name + " in the report of run " + runId));
    }

    @GET
    @Path("/{runId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live updates of a run (Server-Sent Events)", description = "'run' events carry the "
            + "whole run (on connect and when its status changes), 'job' events one job that changed.")
    public Multi<OutboundSseEvent> events(@PathParam("runId") String runId, @Context Sse sse) {
        if (!RunIds.valid(runId)) {
            throw new UnknownRunException(runId);
        }
        Multi<OutboundSseEvent> changes = Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            AutoCloseable handle = runs.follow(runId, new RunListener() {
                @Override
                public void run(RunDetail run) {
                    emitter.emit(event(sse, "run", run));
                }

                @Override
                public void job(JobView job) {
                    emitter.emit(event(sse, "job", job));
                }
            });
            emitter.onTermination(() -> {
                try {
                    handle.close();
                } catch (Exception ignored) {
                    // unsubscribing cannot fail
                }
            });
        }, BackPressureStrategy.BUFFER);
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(changes, keepAlive);
    }

    private OutboundSseEvent event(Sse sse, String name, Object payload) {
        try {
            return sse.newEventBuilder()
                    .name(name)
                    .data(json.writeValueAsString(payload))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + " event as JSON", e);
        }
    }
}
