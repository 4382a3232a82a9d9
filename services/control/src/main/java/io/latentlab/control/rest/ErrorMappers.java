package io.latentlab.control.rest;

import io.latentlab.control.service.BadRunRequestException;
import io.latentlab.control.service.ModelServerBusyException;
import io.latentlab.control.service.ModelServerUnavailableException;
import io.latentlab.control.service.ProjectionNotReadyException;
import io.latentlab.control.service.RunConflictException;
import io.latentlab.control.service.StreamLimits;
import io.latentlab.control.service.UnknownRunException;
import io.latentlab.kit.store.ArtifactStoreException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain exceptions to HTTP answers with a JSON body that says what went wrong. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** What a 503 for a full limit (forwarding slots, live streams) asks a client to wait before trying again. */
    static final String RETRY_AFTER_SECONDS = "2";

    @ServerExceptionMapper
    public Response badRequest(BadRunRequestException e) {
        return error(Response.Status.BAD_REQUEST, "malformed run request: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownRun(UnknownRunException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(RunConflictException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notReady(ProjectionNotReadyException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ServerExceptionMapper
    public Response modelServerDown(ModelServerUnavailableException e) {
        LOG.warn(e.getMessage());
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ServerExceptionMapper
    public Response modelServerBusy(ModelServerBusyException e) {
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response tooManyStreams(StreamLimits.TooManyStreamsException e) {
        if (e.perClient()) {
            return error(Response.Status.TOO_MANY_REQUESTS, e.getMessage());
        }
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response storeDown(ArtifactStoreException e) {
        LOG.warn("object store call failed", e);
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message))
                .build();
    }
}
