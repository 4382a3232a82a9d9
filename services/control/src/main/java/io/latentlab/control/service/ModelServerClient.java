package io.latentlab.control.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

/**
 * The model server as the dashboard sees it: the draw page talks to this service only (same origin, no CORS, the
 * API's read policy), which forwards predictions and test images to the model server (docs/dashboard.md "Draw a digit: the model server").
 * <p>
 * Non-blocking and capped: a forwarded request holds no thread while the model server works (the JDK client's
 * async send), at most {@code maxInFlight} are forwarded at once (more: {@link ModelServerBusyException}, a 503
 * with Retry-After), and each waits at most {@code timeout} for its answer.
 */
@ApplicationScoped
public class ModelServerClient {

    private final URI base;
    private final Duration timeout;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    public ModelServerClient(@ConfigProperty(name = "latentlab.model-server.url") String url,
                             @ConfigProperty(name = "latentlab.model-server.timeout", defaultValue = "30s") Duration timeout,
                             @ConfigProperty(name = "latentlab.model-server.max-in-flight", defaultValue = "16") int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("latentlab.model-server.max-in-flight must be at least 1, not " + maxInFlight);
        }
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /**
     * The model server's answer, status, content type and body as they are, and its Retry-After (empty when none):
     * a 503 of a model server that limits its loads tells the caller when to come back.
     */
    public record Answer(int status, String contentType, byte[] body, java.util.Optional<String> retryAfter) {
    }

    /** @param path below the model server's root, already encoded (api/runs/{runId}/predict?noise=0.2) */
    public CompletionStage<Answer> post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public CompletionStage<Answer> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** How many requests are being forwarded right now. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    private CompletionStage<Answer> send(HttpRequest.Builder request) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(new ModelServerBusyException(maxInFlight));
        }
        try {
            return http.sendAsync(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, failure) -> {
                        if (failure != null) {
                            throw unavailable(failure);
                        }
                        return new Answer(response.statusCode(),
                                response.headers().firstValue("Content-Type").orElse("application/json"),
                                response.body(), response.headers().firstValue("Retry-After"));
                    })
                    .whenComplete((answer, failure) -> inFlight.release());
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private ModelServerUnavailableException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return new ModelServerUnavailableException("the model server at " + base + " did not answer within "
                    + readable(timeout) + " (latentlab.model-server.timeout)");
        }
        if (cause instanceof IOException || cause instanceof IllegalArgumentException) {
            return new ModelServerUnavailableException("the model server at " + base + " does not answer: " + cause);
        }
        return new ModelServerUnavailableException("asking the model server at " + base + " failed: " + cause);
    }
}
