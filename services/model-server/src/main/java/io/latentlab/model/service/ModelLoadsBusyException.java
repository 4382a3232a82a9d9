package io.latentlab.model.service;

/**
 * Every load permit is taken by other runs' loads (503 with Retry-After): a first request for a run is refused
 * rather than queued, so a burst of requests for many runs cannot pile up threads and heap behind the loads.
 */
public class ModelLoadsBusyException extends RuntimeException {

    private final int retryAfterSeconds;

    public ModelLoadsBusyException(int loadsInProgress, int retryAfterSeconds) {
        super("the server is already loading " + loadsInProgress + " run(s), its limit "
                + "(latentlab.models.max-concurrent-loads): retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
