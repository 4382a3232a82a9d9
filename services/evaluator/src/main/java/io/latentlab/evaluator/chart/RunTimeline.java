package io.latentlab.evaluator.chart;

import io.latentlab.evaluator.report.JobRow;
import io.latentlab.kit.chart.Chart;
import io.latentlab.kit.chart.TimelineChart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The report's run timeline: every reducer and classifier training this run did, when it held its slot. */
public final class RunTimeline {

    private RunTimeline() {
    }

    /** Empty when no job of the run was timed (every job reused from the cache, or rows from before timings). */
    public static Optional<Chart> of(List<JobRow> jobs, long runStartMs) {
        Map<String, TimelineChart.Bar> bars = new LinkedHashMap<>();
        for (JobRow job : jobs) {
            add(bars, job.reducerSpan(), true);
            add(bars, job.classifierSpan(), false);
        }
        if (bars.isEmpty()) {
            return Optional.empty();
        }
        List<TimelineChart.Bar> list = new ArrayList<>(bars.values());
        long start = Math.min(runStartMs, list.stream().mapToLong(TimelineChart.Bar::startMs).min().orElse(runStartMs));
        long end = list.stream().mapToLong(TimelineChart.Bar::endMs).max().orElse(start);
        int rows = java.util.Arrays.stream(TimelineChart.rows(list)).max().orElse(0) + 1;
        String caption = "Run timeline: %d trainings on %d slot(s) at most; one row per slot, one bar per job (hover for its time)"
                .formatted(list.size(), rows);
        return Optional.of(new Chart("timeline", caption, TimelineChart.svg(list, start, end, "Run timeline")));
    }

    private static void add(Map<String, TimelineChart.Bar> bars, JobRow.Span span, boolean reducer) {
        if (span != null && TimelineChart.drawn(span.jobId(), reducer)) {
            bars.putIfAbsent(span.jobId(), new TimelineChart.Bar(span.jobId(), TimelineChart.family(span.jobId()), reducer,
                    span.startMs(), span.endMs()));
        }
    }
}
