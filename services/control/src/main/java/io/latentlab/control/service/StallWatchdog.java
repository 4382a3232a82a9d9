package io.latentlab.control.service;

import io.latentlab.control.messaging.RunCommandPublisher;
import io.latentlab.proto.RunEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code latentlab.control.stall-check-seconds} (15 s), publishes a {@code stalled} run event for each RUNNING
 * run that {@link StallRule} finds silent for too long, and a {@code stall_ended} one for each stall that progress
 * has ended. The events come back through the run log into the projection, which then shows the run STALLED (or
 * RUNNING again); the decision reads only the projection and the clock, so it starts once the log is read (a restarted
 * instance learns from the log which stalls are already published).
 */
@ApplicationScoped
public class StallWatchdog {

    private static final Logger LOG = Logger.getLogger(StallWatchdog.class);

    private final RunStateProjection projection;
    private final RunCommandPublisher publisher;
    private final Duration stallAfter;
    private final Duration checkEvery;
    private final Clock clock;
    private final Counter stalls;
    /** Run id -> the event last published for it: not published twice while its record is on its way back. */
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    @Inject
    public StallWatchdog(RunStateProjection projection, RunCommandPublisher publisher, MeterRegistry registry,
                         @ConfigProperty(name = "latentlab.control.stall-seconds") long stallSeconds,
                         @ConfigProperty(name = "latentlab.control.stall-check-seconds") long checkSeconds) {
        this(projection, publisher, registry, Duration.ofSeconds(stallSeconds), Duration.ofSeconds(checkSeconds),
                Clock.systemUTC());
    }

    StallWatchdog(RunStateProjection projection, RunCommandPublisher publisher, MeterRegistry registry,
                  Duration stallAfter, Duration checkEvery, Clock clock) {
        if (stallAfter.toSeconds() < 1 || checkEvery.toSeconds() < 1) {
            throw new IllegalArgumentException("latentlab.control.stall-seconds (" + stallAfter.toSeconds()
                    + ") and latentlab.control.stall-check-seconds (" + checkEvery.toSeconds() + ") must be at least 1");
        }
        this.projection = projection;
        this.publisher = publisher;
        this.stallAfter = stallAfter;
        this.checkEvery = checkEvery;
        this.clock = clock;
        Gauge.builder("latentlab_runs_stalled", projection, RunStateProjection::stalledCount)
                .description("runs whose jobs have made no progress for latentlab.control.stall-seconds")
                .register(registry);
        this.stalls = Counter.builder("latentlab_run_stalls")
                .description("stalled run events published by this instance").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "control-stall-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** One look at every RUNNING run; a publish that fails is tried again at the next tick. */
    void tick() {
        if (!projection.caughtUp()) {
            return; // before the log is read, every run looks silent and its published stalls unknown
        }
        long now = clock.millis();
        for (RunActivity run : projection.runningRuns()) {
            Optional<RunEvent> decision = StallRule.decide(run, now, stallAfter);
            if (decision.isEmpty()) {
                continue;
            }
            RunEvent event = decision.get();
            String key = event.getKindCase() + "@" + (event.hasStalled() ? event.getStalled().getLastProgressMs()
                    : event.getStallEnded().getStalledLastProgressMs());
            if (key.equals(published.get(run.runId()))) {
                continue;
            }
            try {
                publisher.publishEvent(event);
                published.put(run.runId(), key);
                if (event.hasStalled()) {
                    stalls.increment();
                    LOG.warnf("run %s stalled: %s", run.runId(), event.getStalled().getReason());
                } else {
                    LOG.infof("run %s made progress again: no longer stalled", run.runId());
                }
            } catch (RuntimeException e) {
                LOG.warnf("could not publish %s for run %s (%s): trying again in %d s", event.getKindCase(),
                        run.runId(), e.getMessage(), checkEvery.toSeconds());
            }
        }
    }
}
