package io.latentlab.kit.chart;

import io.latentlab.kit.plan.JobPlanner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's timeline: one row per training slot, one bar per job (reducers solid, their classifiers
 * lighter, coloured by reducer family), seconds since the run started on the x axis. The rows are the
 * slots as the jobs used them: each job goes to the lowest row that is free when it starts, so there are
 * as many rows as jobs ever ran at once, and an idle stretch of a row is an idle slot.
 */
public final class TimelineChart {

    /** One job: {@code family} picks the colour ("pca", "ae1", ...), {@code reducer} false for a classifier. */
    public record Bar(String jobId, String family, boolean reducer, long startMs, long endMs) {
        public Bar {
            if (endMs < startMs) {
                throw new IllegalArgumentException(jobId + " ends before it starts");
            }
        }
    }

    private static final Map<String, String> COLOURS = Map.of(
            "raw", "#7f7f7f", "pca", "#1f77b4", "ae1", "#ff7f0e", "ae3", "#2ca02c", "dae", "#d62728", "noise", "#9467bd");
    private static final String OTHER = "#8c564b";
    private static final int WIDTH = 960;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 34;
    private static final int ROW = 22;
    private static final int BOTTOM = 58;

    private TimelineChart() {
    }

    /** The family of a job id: "ae3-k256-A1" and "ae3-k256" are "ae3", "dae20-k256" is "dae", "noise-dae20" is "noise". */
    public static String family(String jobId) {
        return JobPlanner.kindOf(jobId);
    }

    /** The raw-pixel reducer job passes the dataset on without training: no bar (its classifiers have theirs). */
    public static boolean drawn(String jobId, boolean reducer) {
        return !(reducer && family(jobId).equals("raw"));
    }

    /** The rows the bars take (first free row at each start), in the order of {@code bars}. */
    public static int[] rows(List<Bar> bars) {
        List<Long> rowFreeAt = new ArrayList<>();
        int[] rows = new int[bars.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> bars.get(i).startMs()).thenComparing(i -> -bars.get(i).endMs()));
        for (int i : order) {
            Bar bar = bars.get(i);
            int row = 0;
            while (row < rowFreeAt.size() && rowFreeAt.get(row) > bar.startMs()) {
                row++;
            }
            if (row == rowFreeAt.size()) {
                rowFreeAt.add(bar.endMs());
            } else {
                rowFreeAt.set(row, bar.endMs());
            }
            rows[i] = row;
        }
        return rows;
    }

    /** The picture; {@code runStartMs} is time 0, {@code nowMs} the right end (a live run's now, or its end). */
    public static String svg(List<Bar> bars, long runStartMs, long nowMs, String title) {
        int[] rows = rows(bars);
        int rowCount = Math.max(1, java.util.Arrays.stream(rows).max().orElse(0) + 1);
        int height = TOP + rowCount * ROW + BOTTOM;
        double seconds = Math.max(1, (nowMs - runStartMs) / 1000.0);
        Axis x = Axis.linear(0, seconds, LEFT, WIDTH - RIGHT);
        Svg svg = new Svg(WIDTH, height, title);
        svg.text(LEFT, 20, title, "start", 14, Svg.AXIS, true, 0);
        double plotBottom = TOP + rowCount * ROW;
        for (Axis.Tick tick : x.ticks()) {
            double px = x.map(tick.value());
            svg.line(px, TOP, px, plotBottom, Svg.GRID, 1, null);
            svg.text(px, plotBottom + 14, tick.label(), "middle", 11, Svg.AXIS, false, 0);
        }
        svg.text((LEFT + WIDTH - RIGHT) / 2.0, plotBottom + 30, "seconds since the run started", "middle", 12, Svg.AXIS, false, 0);
        for (int row = 0; row < rowCount; row++) {
            svg.text(LEFT - 8, TOP + row * ROW + ROW * 0.68, "slot " + (row + 1), "end", 11, Svg.AXIS, false, 0);
        }
        Map<String, String> legend = new LinkedHashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            String colour = COLOURS.getOrDefault(bar.family(), OTHER);
            legend.putIfAbsent(bar.family(), colour);
            double x0 = x.map((bar.startMs() - runStartMs) / 1000.0);
            double x1 = Math.max(x0 + 1, x.map((bar.endMs() - runStartMs) / 1000.0));
            svg.bar(x0, TOP + rows[i] * ROW + 2, x1 - x0, ROW - 4, colour, bar.reducer() ? 1.0 : 0.45,
                    String.format(Locale.ROOT, "%s: %.1f s (from %.1f s)", bar.jobId(), (bar.endMs() - bar.startMs()) / 1000.0,
                            (bar.startMs() - runStartMs) / 1000.0));
        }
        double lx = LEFT;
        double ly = height - 12;
        for (Map.Entry<String, String> e : legend.entrySet()) {
            svg.rect(lx, ly - 10, 12, 12, e.getValue(), null);
            svg.text(lx + 16, ly, e.getKey(), "start", 11, Svg.AXIS, false, 0);
            lx += 70;
        }
        svg.text(WIDTH - RIGHT, ly, "solid: reducer job, light: classifier job", "end", 11, Svg.AXIS, false, 0);
        return svg.done();
    }
}
