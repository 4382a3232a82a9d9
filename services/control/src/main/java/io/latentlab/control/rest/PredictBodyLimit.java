package io.latentlab.control.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.regex.Pattern;

/**
 * A prediction's body limit, the model server's own (256 KiB by default: a 28x28 PNG or its JSON is a few KiB).
 * A declared Content-Length over it is refused before the body is read; a chunked body is checked once read
 * (bounded by the service-wide {@code quarkus.http.limits.max-body-size}).
 */
@ApplicationScoped
public class PredictBodyLimit {

    static final String PROPERTY = "latentlab.model-server.max-body-bytes";
    private static final Pattern PREDICT = Pattern.compile("^/api/runs/[^/]+/predict/?$");
    // before authentication and the REST layer: nothing is read of a body that will be refused
    private static final int PRIORITY = 500;

    private final long maxBytes;

    public PredictBodyLimit(@ConfigProperty(name = PROPERTY, defaultValue = "262144") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A 413 naming the limit when {@code bytes} is over it. */
    void check(long bytes) {
        if (bytes > maxBytes) {
            throw new WebApplicationException(ErrorMappers.error(Response.Status.REQUEST_ENTITY_TOO_LARGE, message(bytes)));
        }
    }

    String message(long bytes) {
        return "the body is " + bytes + " bytes; a prediction's body may have at most " + maxBytes + " (" + PROPERTY + ")";
    }

    void refuseDeclaredOversizeBodies(@Observes Filters filters) {
        filters.register(context -> {
            Long declared = declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH));
            if (declared != null && declared > maxBytes && context.request().method() == HttpMethod.POST
                    && PREDICT.matcher(context.normalizedPath()).matches()) {
                int status = Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode();
                context.response().setStatusCode(status)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close") // the unread body is not worth draining
                        .end(new JsonObject().put("status", status).put("error", message(declared)).encode());
                return;
            }
            context.next();
        }, PRIORITY);
    }

    private static Long declaredLength(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return null; // Vert.x answers a malformed Content-Length itself
        }
    }
}
