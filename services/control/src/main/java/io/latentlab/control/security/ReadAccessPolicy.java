package io.latentlab.control.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The read endpoints' policy ({@code @AuthorizationPolicy(name = "api-reads")}): open by default; with
 * {@code latentlab.api.open-reads=false} the read token or the write token is needed (anonymous: 401).
 */
@ApplicationScoped
public class ReadAccessPolicy implements HttpSecurityPolicy {

    public static final String NAME = "api-reads";

    private final boolean open;

    public ReadAccessPolicy(ApiTokenConfig config) {
        this.open = config.openReads();
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext context) {
        if (open) {
            return CheckResult.permit();
        }
        return identity.map(who -> who.hasRole(ApiRoles.READER) || who.hasRole(ApiRoles.WRITER)
                ? CheckResult.PERMIT : CheckResult.DENY);
    }

    @Override
    public String name() {
        return NAME;
    }
}
