package io.latentlab.control.rest;

import io.latentlab.kit.RunIds;
import io.latentlab.control.security.ApiRoles;
import io.latentlab.control.security.ReadAccessPolicy;
import io.latentlab.control.service.ArtifactService;
import io.latentlab.control.service.RunDetail;
import io.latentlab.control.service.RunFeed;
import io.latentlab.control.service.RunService;
import io.latentlab.control.service.RunStatus;
import io.latentlab.control.service.RunSummary;
import io.latentlab.control.service.RunTimelineService;
import io.latentlab.control.service.StreamLimits;
import io.latentlab.control.service.UnknownRunException;
import io.quarkus.vertx.http.security.AuthorizationPolicy;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control API. Starting, cancelling and retrying a run need the write token
 * ({@code Authorization: Bearer <token>}, role {@value ApiRoles#WRITER}); reads are open unless
 * {@code latentlab.api.open-reads=false} (then the read or the write token). docs/security.md.
 */
@Path("/api/runs")
@Tag(name = "runs", description = "Submit, follow, cancel and retry runs; read their reports")
@SecurityScheme(securitySchemeName = RunResource.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "the API token (LATENTLAB_API_TOKEN; ./latentlab up keeps a local one in .latentlab/token)")
public class RunResource {

    static final String BEARER = "bearer";

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Events a stream may hold for a client that does not read; beyond, the stream ends. */
    private static final int STREAM_BUFFER = 1024;

    private final RunService runs;
    private final ArtifactService artifacts;
    private final RunTimelineService timelines;
    private final RunFeed feed;
    private final StreamLimits streamLimits;

    public RunResource(RunService runs, ArtifactService artifacts, RunTimelineService timelines, RunFeed feed,
                       StreamLimits streamLimits) {
        this.runs = runs;
        this.artifacts = artifacts;
        this.timelines = timelines;
        this.feed = feed;
        this.streamLimits = streamLimits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ApiRoles.WRITER)
    @SecurityRequirement(name = BEARER)
    @Operation(summary = "Submit a run", description = "Publishes the request (protobuf JSON mapping of RunRequest) "
            + "on latentlab.run-requests, keyed by its runId; a runId is assigned when the request has none.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples =
            @ExampleObject(name = "quick", value = "{\"profile\":\"quick\",\"seed\":7}")))
    @APIResponse(responseCode = "202", description = "published; follow it at /api/runs/{runId}")
    @APIResponse(responseCode = "400", description = "the body is not a run request, its runId is not usable, "
            + "or it plans more jobs than latentlab.max-jobs-per-run")
    @APIResponse(responseCode = "401", description = "no token, or an unknown one")
    @APIResponse(responseCode = "403", description = "a read-only token")
    @APIResponse(responseCode = "409", description = "a run with that runId exists")
    @APIResponse(responseCode = "415", description = "not application/json")
    public Response submit(String body, @Context UriInfo uri) {
        String runId = runs.submit(body);
        URI location = uri.getBaseUriBuilder().path("api/runs").path(runId).build();
        return Response.accepted(Map.of("runId", runId)).location(location).build();
    }

    @GET
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every run known to the run-requests, run-events and progress topics, newest first")
    public List<RunSummary> list() {
        return runs.list();
    }

    @GET
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
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
    @RolesAllowed(ApiRoles.WRITER)
    @SecurityRequirement(name = BEARER)
    @Operation(summary = "Cancel a run", description = "Publishes RunCancelled on latentlab.run-events; "
            + "the run shows CANCELLED once the event is consumed back (the answer says what was published and "
            + "the run's status before it).")
    @APIResponse(responseCode = "202", description = "cancellation published")
    @APIResponse(responseCode = "200", description = "the run is already cancelled: nothing published")
    @APIResponse(responseCode = "401", description = "no token, or an unknown one")
    @APIResponse(responseCode = "403", description = "a read-only token")
    @APIResponse(responseCode = "404", description = "unknown run")
    @APIResponse(responseCode = "409", description = "the run has already finished")
    public Response cancel(@PathParam("runId") String runId, @QueryParam("reason") String reason) {
        RunStatus before = runs.get(runId).status();
        return runs.cancel(runId, reason)
                .map(published -> Response.accepted(answer(runId, before, published)).build())
                .orElseGet(() -> Response.ok(answer(runId, before, null)).build());
    }

    @POST
    @Path("/{runId}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ApiRoles.WRITER)
    @SecurityRequirement(name = BEARER)
    @Operation(summary = "Retry a failed or stalled run", description = "Publishes {\"runId\":runId,\"retry\":true} on "
            + "latentlab.run-requests (what a kcat user would publish): data-prep plans the run again, finished jobs "
            + "are reused from their outputs, failed and missing ones run. Only FAILED and STALLED runs, once until "
            + "data-prep answers or latentlab.control.retry-pending-seconds pass; a cancelled run is submitted again "
            + "under a new runId instead.")
    @APIResponse(responseCode = "202", description = "retry published; the run shows RUNNING once data-prep accepts it")
    @APIResponse(responseCode = "401", description = "no token, or an unknown one")
    @APIResponse(responseCode = "403", description = "a read-only token")
    @APIResponse(responseCode = "404", description = "unknown run")
    @APIResponse(responseCode = "409", description = "the run is not FAILED or STALLED, or its retry is already published")
    public Response retry(@PathParam("runId") String runId, @Context UriInfo uri) {
        RunStatus before = runs.get(runId).status();
        RunService.Published published = runs.retry(runId);
        URI location = uri.getBaseUriBuilder().path("api/runs").path(runId).build();
        return Response.accepted(answer(runId, before, published)).location(location).build();
    }

    private static Map<String, Object> answer(String runId, RunStatus status, RunService.Published published) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId);
        body.put("status", status);
        if (published != null) {
            body.put("published", Map.of("topic", published.topic(), "key", published.key(),
                    "message", published.message()));
        }
        return body;
    }

    @GET
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Path("/{runId}/timeline.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "The run's timeline, live: one row per training slot, one bar per job (SVG)")
    @APIResponse(responseCode = "404", description = "unknown run")
    public Response timeline(@PathParam("runId") String runId) {
        return Response.ok(timelines.svg(runId), "image/svg+xml").header("Cache-Control", "no-store").build();
    }

    @GET
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
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
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
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
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
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
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Path("/{runId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live updates of a run (Server-Sent Events)", description = "'run' events carry the "
            + "whole run (on connect and when its status changes), 'job' events one job that changed. Streams are "
            + "capped per client (latentlab.sse.max-per-client) and in all (latentlab.sse.max-total).")
    @APIResponse(responseCode = "429", description = "this client has latentlab.sse.max-per-client streams open")
    @APIResponse(responseCode = "503", description = "latentlab.sse.max-total streams are open (Retry-After)")
    public Multi<OutboundSseEvent> events(@PathParam("runId") String runId, @Context Sse sse,
                                          @Context HttpServerRequest request) {
        if (!RunIds.valid(runId)) {
            throw new UnknownRunException(runId);
        }
        AutoCloseable slot = streamLimits.open(client(request));
        Multi<OutboundSseEvent> changes = Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            AutoCloseable following = feed.follow(runId, event ->
                    emitter.emit(sse.newEventBuilder().name(event.name()).data(event.json()).build()));
            emitter.onTermination(() -> close(following));
        }).onOverflow().buffer(STREAM_BUFFER); // a client that stops reading is dropped (it reconnects to a fresh run)
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(changes, keepAlive)
                .onTermination().invoke(() -> close(slot));
    }

    private static String client(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    private static void close(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception ignored) {
            // releasing a slot or a subscription cannot fail
        }
    }
}
