package io.latentlab.control.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The model server as the dashboard sees it: the draw page talks to this service only (same origin, no CORS, the
 * API's read policy), which forwards predictions and test images to the model server (README "Draw a digit").
 */
@ApplicationScoped
public class ModelServerClient {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ModelServerClient(@ConfigProperty(name = "latentlab.model-server.url") String url) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    /** The model server's answer, status, content type and body as they are. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    /** @param path below the model server's root, already encoded (api/runs/{runId}/predict?noise=0.2) */
    public Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (IOException e) {
            throw new ModelServerUnavailableException("the model server at " + base + " does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelServerUnavailableException("interrupted while asking the model server");
        }
    }
}
