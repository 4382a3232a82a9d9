package io.latentlab.runtime.health;

import io.latentlab.runtime.jobs.JobPulse;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.List;

/** DOWN while a job of this stage is hung ({@link JobPulse}): Kubernetes restarts the pod, Kafka redelivers the job. */
@Liveness
@ApplicationScoped
public class JobsAliveCheck implements HealthCheck {

    private final JobPulse pulse;

    public JobsAliveCheck(JobPulse pulse) {
        this.pulse = pulse;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> hung = pulse.hung();
        return HealthCheckResponse.named("jobs-alive").status(hung.isEmpty())
                .withData("max-silence-seconds", pulse.maxSilence().toSeconds())
                .withData("hung", String.join(", ", hung)).build();
    }
}
