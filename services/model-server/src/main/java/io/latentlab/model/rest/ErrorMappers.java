package io.latentlab.model.rest;

import io.latentlab.kit.store.ArtifactIntegrityException;
import io.latentlab.kit.store.ArtifactStoreException;
import io.latentlab.model.service.BadPredictionRequestException;
import io.latentlab.model.service.ModelLoadsBusyException;
import io.latentlab.model.service.RunNotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure as a JSON body that says what went wrong; never a stack trace. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response badRequest(BadPredictionRequestException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(RunNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    /** Retry-After: the loads in progress take seconds; a client (the dashboard) tries again then. */
    @ServerExceptionMapper
    public Response busy(ModelLoadsBusyException e) {
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response corrupt(ArtifactIntegrityException e) {
        LOG.error("a stored model failed its check", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR, "a stored model failed its sha256 check: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response storeDown(ArtifactStoreException e) {
        LOG.warn("object store call failed", e);
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message)).build();
    }
}
