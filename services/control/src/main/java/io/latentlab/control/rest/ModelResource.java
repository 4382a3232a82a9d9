package io.latentlab.control.rest;

import io.latentlab.kit.RunIds;
import io.latentlab.control.security.ReadAccessPolicy;
import io.latentlab.control.service.ModelServerClient;
import io.quarkus.vertx.http.security.AuthorizationPolicy;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The model server's read-only API through this service, for the draw page: a completed run's models on one
 * image, and its test images. Reads, so the read policy applies; the model server itself is not exposed.
 * Non-blocking (no worker thread waits for the model server) and capped (see {@link ModelServerClient}); a
 * prediction's body is refused above {@code latentlab.model-server.max-body-bytes} (the model server's own limit).
 */
@Path("/api/runs/{runId}")
@Tag(name = "models", description = "A completed run's models on one image (forwarded to the model server)")
public class ModelResource {

    private final ModelServerClient models;
    private final PredictBodyLimit bodyLimit;

    public ModelResource(ModelServerClient models, PredictBodyLimit bodyLimit) {
        this.models = models;
        this.bodyLimit = bodyLimit;
    }

    @POST
    @Path("/predict")
    @Consumes({MediaType.APPLICATION_JSON, "image/png"})
    @Produces(MediaType.APPLICATION_JSON)
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Operation(summary = "Every model of a completed run on one 28x28 image",
            description = "Forwarded to the model server's POST /api/runs/{runId}/predict (noise, seed and all as there).")
    @APIResponse(responseCode = "413", description = "the body is larger than latentlab.model-server.max-body-bytes")
    @APIResponse(responseCode = "503", description = "the model server does not answer in time, or "
            + "latentlab.model-server.max-in-flight requests are already forwarded (Retry-After)")
    public Uni<Response> predict(@PathParam("runId") String runId, @HeaderParam("Content-Type") String contentType,
                                 byte[] body, @Context UriInfo uri) {
        requireRunId(runId);
        byte[] image = body == null ? new byte[0] : body;
        bodyLimit.check(image.length); // a chunked body has no Content-Length for the filter to refuse early
        return relay(models.post(path(runId, "predict", uri), contentType, image));
    }

    @GET
    @Path("/test-images/random")
    @Produces(MediaType.APPLICATION_JSON)
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Operation(summary = "A random image of a completed run's test split (from the model server)")
    public Uni<Response> randomTestImage(@PathParam("runId") String runId, @Context UriInfo uri) {
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

    private static Uni<Response> relay(java.util.concurrent.CompletionStage<ModelServerClient.Answer> answer) {
        return Uni.createFrom().completionStage(answer).map(a -> {
            Response.ResponseBuilder relayed = Response.status(a.status()).type(a.contentType()).entity(a.body());
            a.retryAfter().ifPresent(seconds -> relayed.header("Retry-After", seconds));
            return relayed.build();
        });
    }
}
