package io.latentlab.control.rest;

import io.latentlab.control.service.BadRunRequestException;
import io.latentlab.control.service.ModelServerUnavailableException;
import io.latentlab.control.service.ProjectionNotReadyException;
import io.latentlab.control.service.RunConflictException;
import io.latentlab.control.service.UnknownRunException;
import io.latentlab.kit.store.ArtifactStoreException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain exceptions to HTTP answers with a JSON body that says what went wrong. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

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
