package io.latentlab.model.rest;

import io.latentlab.model.service.ModelLoadsBusyException;
import io.latentlab.model.service.RunNotFoundException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMappersTest {

    private final ErrorMappers mappers = new ErrorMappers();

    @Test
    void busyLoadsAreA503WithRetryAfterAndTheLimitNamed() {
        Response response = mappers.busy(new ModelLoadsBusyException(2, 5));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(((ApiError) response.getEntity()).error()).contains("latentlab.models.max-concurrent-loads")
                .contains("retry in 5 s");
    }

    @Test
    void anUnknownRunIsA404() {
        Response response = mappers.notFound(new RunNotFoundException("made-up"));
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getEntity()).isEqualTo(new ApiError(404, "no run made-up"));
    }
}
