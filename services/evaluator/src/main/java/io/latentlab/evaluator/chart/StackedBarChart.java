package io.latentlab.evaluator.chart;

import io.latentlab.kit.chart.Svg;
import io.latentlab.kit.chart.Axis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Bars grouped along the x axis (one group per family), each bar stacked from segments, with a legend. */
final class StackedBarChart {

    record Segment(String name, double value) {
    }

    record Bar(String label, List<Segment> segments) {
        double total() {
            return segments.stream().mapToDouble(Segment::value).sum();
        }
    }

    record Group(String name, List<Bar> bars) {
    }

    private static final int WIDTH = 880;
    private static final int HEIGHT = 440;
    private static final double LEFT = 72;
    private static final double RIGHT = 660;
    private static final double TOP = 44;
    private static final double BOTTOM = 370;
    private static final double GROUP_GAP = 1.2;   // in bar widths

    private StackedBarChart() {
    }

    static String render(String title, String yLabel, List<Group> groups, Map<String, String> colors) {
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(LEFT, 24, title, "start", 15, "#222", true, 0);
        double max = groups.stream().flatMap(g -> g.bars().stream()).mapToDouble(Bar::total).max().orElse(1);
        Axis y = Axis.linear(0, max > 0 ? max : 1, BOTTOM, TOP);
        for (Axis.Tick tick : y.ticks()) {
            double py = y.map(tick.value());
            svg.line(LEFT, py, RIGHT, py, Svg.GRID, 1, null);
            svg.line(LEFT - 5, py, LEFT, py, Svg.AXIS, 1, null);
            svg.text(LEFT - 8, py + 4, tick.label(), "end", 11, Svg.AXIS, false, 0);
        }
        int bars = groups.stream().mapToInt(g -> g.bars().size()).sum();
        double slots = bars + GROUP_GAP * (groups.size() + 1);
        double slot = (RIGHT - LEFT) / slots;
        double barWidth = slot * 0.8;
        double x = LEFT + GROUP_GAP * slot;
        for (Group group : groups) {
            double groupStart = x;
            for (Bar bar : group.bars()) {
                double base = BOTTOM;
                for (Segment segment : bar.segments()) {
                    double height = BOTTOM - y.map(segment.value());
                    svg.rect(x, base - height, barWidth, height, colors.getOrDefault(segment.name(), "#999"), "segment");
                    base -= height;
                }
                svg.text(x + barWidth / 2, base - 4, String.format(Locale.ROOT, "%.1f", bar.total()), "middle", 9,
                        Svg.AXIS, false, 0);
                svg.text(x + barWidth / 2, BOTTOM + 15, bar.label(), "middle", 10, Svg.AXIS, false, 0);
                x += slot;
            }
            svg.text((groupStart + x - slot + barWidth) / 2, BOTTOM + 32, group.name(), "middle", 12, "#222", true, 0);
            x += GROUP_GAP * slot;
        }
        svg.line(LEFT, BOTTOM, RIGHT, BOTTOM, Svg.AXIS, 1.2, null);
        svg.line(LEFT, TOP, LEFT, BOTTOM, Svg.AXIS, 1.2, null);
        svg.text((LEFT + RIGHT) / 2, BOTTOM + 54, "code size k, grouped by reducer family", "middle", 12, "#222", false, 0);
        svg.text(20, (TOP + BOTTOM) / 2, yLabel, "middle", 12, "#222", false, -90);
        double lx = RIGHT + 24;
        double ly = TOP + 6;
        svg.text(lx, ly, "Legend", "start", 12, "#222", true, 0);
        for (Map.Entry<String, String> entry : new LinkedHashMap<>(colors).entrySet()) {
            ly += 20;
            svg.rect(lx, ly - 11, 14, 12, entry.getValue(), null);
            svg.text(lx + 22, ly, entry.getKey(), "start", 12, "#222", false, 0);
        }
        return svg.done();
    }
}
