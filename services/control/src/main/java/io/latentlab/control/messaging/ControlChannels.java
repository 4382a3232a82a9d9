package io.latentlab.control.messaging;

/** The control service's outgoing channels; application.properties maps them to io.latentlab.kit.Topics. */
public final class ControlChannels {
    /** JSON bytes on latentlab.run-requests, the same message kcat and the CLI send. */
    public static final String RUN_REQUESTS = "run-requests";
    /** Binary RunEvent on latentlab.run-events (the control service only publishes RunCancelled). */
    public static final String RUN_EVENTS = "run-events";

    private ControlChannels() {
    }
}
