package io.latentlab.stack.container;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * The S3 stand-in's admin API, on MinIO's console port, for the stand-in {@code mc} (deploy/containers/standins):
 * <pre>
 *   GET /ready                      200 once the S3 endpoint runs (no login: mc ready)
 *   PUT /buckets/B                  creates B unless it exists (201) or says it does (200)
 *   PUT /policies/P   (policy JSON) MinIO's "mc admin policy create"
 *   PUT /users/K      (secret key)  "mc admin user add"
 *   PUT /users/K/policy  (P)        "mc admin policy attach P --user K"
 *   GET /users/K                    "mc admin user info"
 * </pre>
 * Everything but /ready takes MinIO's root user as HTTP basic credentials.
 */
final class S3AdminEndpoint implements AutoCloseable {

    private final HttpServer server;

    private S3AdminEndpoint(HttpServer server) {
        this.server = server;
    }

    static S3AdminEndpoint start(int port, S3Users users, BlobStore store) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, users, store);
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, e.getMessage());
            } catch (Exception e) {
                reply(exchange, 500, e.toString());
            }
        });
        server.start();
        return new S3AdminEndpoint(server);
    }

    private static void handle(HttpExchange exchange, S3Users users, BlobStore store) throws IOException {
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getPath().replaceFirst("^/", "").split("/");
        if (path[0].equals("ready")) {
            reply(exchange, 200, "ready");
            return;
        }
        if (!authorized(exchange, users)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"minio stand-in\"");
            reply(exchange, 401, "MinIO's root user only");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (method.equals("PUT") && path.length == 2 && path[0].equals("buckets")) {
            boolean exists = store.containerExists(path[1]);
            if (!exists) {
                store.createContainer(path[1]);
            }
            reply(exchange, exists ? 200 : 201, exists ? "bucket " + path[1] + " exists" : "bucket " + path[1] + " created");
        } else if (method.equals("PUT") && path.length == 2 && path[0].equals("policies")) {
            users.createPolicy(path[1], body);
            reply(exchange, 200, "policy " + path[1] + " created");
        } else if (method.equals("PUT") && path.length == 2 && path[0].equals("users")) {
            users.addUser(path[1], body);
            reply(exchange, 200, "user " + path[1] + " added");
        } else if (method.equals("PUT") && path.length == 3 && path[0].equals("users") && path[2].equals("policy")) {
            users.attachPolicy(body, path[1]);
            reply(exchange, 200, "policy " + body + " attached to " + path[1]);
        } else if (method.equals("GET") && path.length == 2 && path[0].equals("users")) {
            Optional<String> info = users.describe(path[1]);
            reply(exchange, info.isPresent() ? 200 : 404, info.orElse("no user " + path[1]));
        } else {
            reply(exchange, 404, "no such admin call: " + method + " " + exchange.getRequestURI().getPath());
        }
    }

    private static boolean authorized(HttpExchange exchange, S3Users users) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String[] login = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        return login.length == 2 && users.isRoot(login[0], login[1]);
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
