package io.latentlab.control.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The browser-facing headers of every answer (docs/security.md): {@code X-Frame-Options: DENY},
 * {@code X-Content-Type-Options: nosniff}, and a Content-Security-Policy: the dashboard's
 * ({@code latentlab.http.csp.dashboard}: its own scripts, styles and images only) on the pages, the API's
 * ({@code latentlab.http.csp.api}: {@code sandbox}) on everything under /api/. The API's policy is what keeps a
 * stored report.html (or any artifact) from running script as the dashboard's origin: opened from its URL, it is
 * a sandboxed document of an opaque origin, which cannot read the API token in the dashboard's localStorage.
 * /q/ (health, metrics, OpenAPI, Swagger UI with its inline scripts) gets the frame and sniffing headers only.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "Content-Security-Policy";
    private static final int PRIORITY = 600; // before the body limit, so a refusal carries the headers too

    private final String dashboardPolicy;
    private final String apiPolicy;

    public SecurityHeaders(@ConfigProperty(name = "latentlab.http.csp.dashboard") String dashboardPolicy,
                           @ConfigProperty(name = "latentlab.http.csp.api") String apiPolicy) {
        this.dashboardPolicy = dashboardPolicy;
        this.apiPolicy = apiPolicy;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            String policy = policyFor(context.normalizedPath());
            if (policy != null) {
                headers.set(CSP, policy);
            }
            context.next();
        }, PRIORITY);
    }

    /** The policy of a path: the API's under /api/, none under /q/ (Swagger UI's inline scripts), else the dashboard's. */
    String policyFor(String path) {
        if (path.startsWith("/api/") || path.equals("/api")) {
            return apiPolicy;
        }
        if (path.startsWith("/q/") || path.equals("/q")) {
            return null;
        }
        return dashboardPolicy;
    }
}
