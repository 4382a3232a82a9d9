package io.latentlab.control.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityHeadersTest {

    private final SecurityHeaders headers = new SecurityHeaders("dashboard-policy", "api-policy");

    @Test
    void theApiAndItsArtifactsGetTheSandboxThePagesTheDashboardsPolicyAndQuarkusPagesNone() {
        assertThat(headers.policyFor("/api/runs/r1/artifacts/report.html")).isEqualTo("api-policy");
        assertThat(headers.policyFor("/api/runs")).isEqualTo("api-policy");
        assertThat(headers.policyFor("/")).isEqualTo("dashboard-policy");
        assertThat(headers.policyFor("/draw.html")).isEqualTo("dashboard-policy");
        assertThat(headers.policyFor("/apix")).isEqualTo("dashboard-policy");
        assertThat(headers.policyFor("/q/swagger-ui/")).isNull();
        assertThat(headers.policyFor("/q/health")).isNull();
    }
}
