package io.latentlab.control.rest;

import io.latentlab.control.security.ReadAccessPolicy;
import io.latentlab.control.service.ModelServerClient;
import io.latentlab.control.service.RunIds;
import io.quarkus.vertx.http.security.AuthorizationPolicy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The model server's read-only API through this service, for the draw page: a completed run's models on one
 * image, and its test images. Reads, so the read policy applies; the model server itself is not exposed.
 */
@Path("/api/runs/{runId}")
@Tag(name = "models", description = "A completed run's models on one image (forwarded to the model server)")
public class ModelResource {

    private final ModelServerClient models;

    public ModelResource(ModelServerClient models) {
        this.models = models;
    }

    @POST
    @Path("/predict")
    @Consumes({MediaType.APPLICATION_JSON, "image/png"})
    @Produces(MediaType.APPLICATION_JSON)
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Operation(summary = "Every model of a completed run on one 28x28 image",
            description = "Forwarded to the model server's POST /api/runs/{runId}/predict (noise, seed and all as there).")
    public Response predict(@PathParam("runId") String runId, @HeaderParam("Content-Type") String contentType,
                            byte[] body, @Context UriInfo uri) {
        requireRunId(runId);
        return relay(models.post(path(runId, "predict", uri), contentType, body == null ? new byte[0] : body));
    }

    @GET
    @Path("/test-images/random")
    @Produces(MediaType.APPLICATION_JSON)
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Operation(summary = "A random image of a completed run's test split (from the model server)")
    public Response randomTestImage(@PathParam("runId") String runId, @Context UriInfo uri) {
        requireRunId(runId);
        return relay(models.get(path(runId, "test-images/random", uri)));
    }

    private static void requireRunId(String runId) {
        if (!RunIds.valid(runId)) {
            throw new jakarta.ws.rs.WebApplicationException(ErrorMappers.error(Response.Status.BAD_REQUEST, RunIds.RULE));
        }
    }

    private static String path(String runId, String rest, UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        return "api/runs/" + runId + "/" + rest + (query == null ? "" : "?" + query);
    }

    private static Response relay(ModelServerClient.Answer answer) {
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
    }
}
