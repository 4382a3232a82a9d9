package io.latentlab.launcher;

import java.nio.file.Path;
import java.util.List;

/** How a watched run ended. */
public record RunOutcome(String runId, Status status, List<String> reasons, Path reportDir) {

    public enum Status { COMPLETED, REJECTED, FAILED, CANCELLED, TIMED_OUT }

    public int exitCode() {
        return switch (status) {
            case COMPLETED -> 0;
            case REJECTED -> 2;
            case FAILED -> 1;
            case TIMED_OUT -> 3;
            case CANCELLED -> 4;
        };
    }
}
