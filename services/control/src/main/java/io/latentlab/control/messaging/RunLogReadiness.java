package io.latentlab.control.messaging;

import io.latentlab.control.service.RunStateProjection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the run state has read the topics' backlog: before that, run ids cannot be checked for duplicates. */
@Readiness
@ApplicationScoped
public class RunLogReadiness implements HealthCheck {

    private final RunStateProjection projection;

    public RunLogReadiness(RunStateProjection projection) {
        this.projection = projection;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("run log").status(projection.caughtUp()).build();
    }
}
