package io.latentlab.evaluator.chart;

import io.latentlab.kit.chart.Svg;
import io.latentlab.kit.chart.Axis;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines of points with 95 % error bars over a shared x axis, horizontal reference lines (with their interval
 * as a band), labelled axes with ticks, and a legend on the right.
 */
final class LineChart {

    record Point(double x, double y, Double lo, Double hi, String note) {
    }

    record Series(String name, String color, List<Point> points) {
    }

    record Reference(String name, String color, double y, Double lo, Double hi) {
    }

    static final int WIDTH = 880;
    static final int HEIGHT = 440;
    private static final double LEFT = 72;
    private static final double RIGHT = 660;
    private static final double TOP = 44;
    private static final double BOTTOM = 380;

    private LineChart() {
    }

    /**
     * @param x the x axis (built over [LEFT, RIGHT]), see {@link #xRange()}
     * @param y the y axis (built over [BOTTOM, TOP]), see {@link #yRange()}
     */
    static String render(String title, String xLabel, String yLabel, Axis x, Axis y, List<Series> series,
                         List<Reference> references) {
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(LEFT, 24, title, "start", 15, "#222", true, 0);
        for (Axis.Tick tick : y.ticks()) {
            double py = y.map(tick.value());
            svg.line(LEFT, py, RIGHT, py, Svg.GRID, 1, null);
            svg.line(LEFT - 5, py, LEFT, py, Svg.AXIS, 1, null);
            svg.text(LEFT - 8, py + 4, tick.label(), "end", 11, Svg.AXIS, false, 0);
        }
        for (Axis.Tick tick : x.ticks()) {
            double px = x.map(tick.value());
            svg.line(px, BOTTOM, px, BOTTOM + 5, Svg.AXIS, 1, null);
            svg.text(px, BOTTOM + 18, tick.label(), "middle", 11, Svg.AXIS, false, 0);
        }
        svg.line(LEFT, BOTTOM, RIGHT, BOTTOM, Svg.AXIS, 1.2, null);
        svg.line(LEFT, TOP, LEFT, BOTTOM, Svg.AXIS, 1.2, null);
        svg.text((LEFT + RIGHT) / 2, BOTTOM + 40, xLabel, "middle", 12, "#222", false, 0);
        svg.text(20, (TOP + BOTTOM) / 2, yLabel, "middle", 12, "#222", false, -90);

        for (Reference reference : references) {
            if (reference.lo() != null && reference.hi() != null) {
                double top = y.map(Math.min(reference.hi(), y.max()));
                double bottom = y.map(Math.max(reference.lo(), y.min()));
                svg.rect(LEFT, top, RIGHT - LEFT, Math.max(0, bottom - top), reference.color() + "22", "band");
            }
            double py = y.map(reference.y());
            svg.line(LEFT, py, RIGHT, py, reference.color(), 1.8, "6 4");
        }
        for (int index = 0; index < series.size(); index++) {
            Series s = series.get(index);
            // families side by side at a shared k, a few pixels apart, so that their error bars stay readable
            double dodge = (index - (series.size() - 1) / 2.0) * 5;
            List<double[]> path = new ArrayList<>();
            for (Point p : s.points()) {
                path.add(new double[]{x.map(p.x()) + dodge, y.map(p.y())});
            }
            if (path.size() > 1) {
                svg.polyline(path, s.color(), 2, null);
            }
            for (Point p : s.points()) {
                double px = x.map(p.x()) + dodge;
                if (p.lo() != null && p.hi() != null) {
                    double lo = y.map(Math.max(p.lo(), y.min()));
                    double hi = y.map(Math.min(p.hi(), y.max()));
                    svg.line(px, lo, px, hi, s.color(), 1.4, null);
                    svg.line(px - 4, lo, px + 4, lo, s.color(), 1.4, null);
                    svg.line(px - 4, hi, px + 4, hi, s.color(), 1.4, null);
                }
                svg.circle(px, y.map(p.y()), 3.5, s.color(), s.name() + (p.note() == null ? "" : " " + p.note()));
                if (p.note() != null) {
                    svg.text(px + 6, y.map(p.y()) - 6, p.note(), "start", 9, s.color(), false, 0);
                }
            }
        }
        legend(svg, series, references);
        return svg.done();
    }

    private static void legend(Svg svg, List<Series> series, List<Reference> references) {
        double lx = RIGHT + 24;
        double ly = TOP + 6;
        svg.text(lx, ly, "Legend", "start", 12, "#222", true, 0);
        for (Series s : series) {
            ly += 20;
            svg.line(lx, ly - 4, lx + 22, ly - 4, s.color(), 2, null);
            svg.circle(lx + 11, ly - 4, 3.5, s.color(), null);
            svg.text(lx + 30, ly, s.name(), "start", 12, "#222", false, 0);
        }
        for (Reference r : references) {
            ly += 20;
            svg.line(lx, ly - 4, lx + 22, ly - 4, r.color(), 1.8, "6 4");
            svg.text(lx + 30, ly, r.name(), "start", 12, "#222", false, 0);
        }
        ly += 22;
        svg.text(lx, ly, "bars: 95 % interval", "start", 11, "#666", false, 0);
    }

    static double[] xRange() {
        return new double[]{LEFT + 16, RIGHT - 16};
    }

    static double[] yRange() {
        return new double[]{BOTTOM, TOP};
    }
}
