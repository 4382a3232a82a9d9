package io.latentlab.control.service;

/** Every forwarding slot to the model server is taken (503 with Retry-After): try again in a moment. */
public class ModelServerBusyException extends RuntimeException {

    private final int limit;

    public ModelServerBusyException(int limit) {
        super(limit + " requests to the model server are in flight, the limit (latentlab.model-server.max-in-flight): "
                + "try again in a moment");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
