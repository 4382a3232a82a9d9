package io.latentlab.control.service;

import io.latentlab.kit.chart.TimelineChart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A run's timeline as the progress topic tells it, live: every job of the trainers and the noise injector
 * that ran in this run (not the cached ones), a running job up to now. The report draws the same picture
 * from the jobs' stored timings ({@link TimelineChart} is shared).
 */
@ApplicationScoped
public class RunTimelineService {

    private static final Set<String> TIMED_STAGES = Set.of("reducer-trainer", "classifier-trainer", "noise-injector");

    private final RunService runs;
    private final Clock clock;

    @Inject
    public RunTimelineService(RunService runs) {
        this(runs, Clock.systemUTC());
    }

    RunTimelineService(RunService runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /** @throws UnknownRunException for a run nobody has heard of */
    public String svg(String runId) {
        RunDetail run = runs.get(runId);
        long now = clock.millis();
        List<TimelineChart.Bar> bars = bars(run.jobs(), now);
        long end = run.finishedAt() != null ? run.finishedAt().toEpochMilli()
                : bars.stream().mapToLong(TimelineChart.Bar::endMs).max().orElse(now);
        long start = run.startedAt() != null ? run.startedAt().toEpochMilli()
                : bars.stream().mapToLong(TimelineChart.Bar::startMs).min().orElse(now);
        return TimelineChart.svg(bars, start, Math.max(start, end), "Run timeline of " + runId);
    }

    static List<TimelineChart.Bar> bars(List<JobView> jobs, long nowMs) {
        return jobs.stream()
                .filter(j -> TIMED_STAGES.contains(j.stage()) && j.startedAt() != null && j.status() != JobStatus.SKIPPED)
                .filter(j -> TimelineChart.drawn(j.jobId(), !j.stage().equals("classifier-trainer")))
                .map(j -> new TimelineChart.Bar(j.jobId(), TimelineChart.family(j.jobId()),
                        !j.stage().equals("classifier-trainer"), j.startedAt().toEpochMilli(),
                        endOf(j, nowMs)))
                .toList();
    }

    private static long endOf(JobView job, long nowMs) {
        Instant end = job.finishedAt();
        return Math.max(job.startedAt().toEpochMilli(), end != null ? end.toEpochMilli() : nowMs);
    }
}
