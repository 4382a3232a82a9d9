package io.latentlab.launcher.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How long a command follows a run before it gives up (the run itself goes on). */
public final class TimeoutOption {

    @Option(names = "--timeout-minutes", paramLabel = "N", defaultValue = "240",
            description = "stop following the run after N minutes (default: ${DEFAULT-VALUE})")
    long timeoutMinutes;

    public Duration timeout() {
        return Duration.ofMinutes(timeoutMinutes);
    }
}
