package io.latentlab.ml.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.Locale;
import java.util.Map;

/** Loss per epoch as lines with markers; non-finite values are left out (they break the line). */
final class LearningCurveChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 78;
    private static final int RIGHT = 24;
    private static final int TOP = 44;
    private static final int BOTTOM = 56;
    private static final int MARKERS_UP_TO = 40; // more points than this: lines only
    private static final Color[] PALETTE = {
        new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C),
        new Color(0xD6, 0x27, 0x28), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
        new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22),
        new Color(0x17, 0xBE, 0xCF),
    };

    private LearningCurveChart() {
    }

    static byte[] render(String title, Map<String, double[]> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to plot");
        }
        int epochs = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] values : series.values()) {
            epochs = Math.max(epochs, values.length);
            for (double v : values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) { // nothing finite: an empty frame
            lo = 0;
            hi = 1;
        }
        Axis x = epochs <= 1 ? new Axis(0.5, 1.5, 1) : Axis.integers(1, epochs);
        Axis y = Axis.nice(lo, hi);

        Canvas c = new Canvas(WIDTH, HEIGHT);
        Plot plot = new Plot(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM, x, y);
        drawAxes(c, plot, title);
        int i = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            drawSeries(c, plot, s.getValue(), PALETTE[i++ % PALETTE.length], epochs <= MARKERS_UP_TO);
        }
        drawLegend(c, plot, series);
        return c.png();
    }

    private static void drawAxes(Canvas c, Plot p, String title) {
        Font tickFont = Canvas.font(Font.PLAIN, 12);
        c.g.setFont(tickFont);
        int ascent = c.g.getFontMetrics().getAscent();
        c.g.setStroke(new BasicStroke(1f));
        for (double v : p.y.ticks()) {
            double py = p.py(v);
            c.g.setColor(Canvas.GRID);
            c.g.draw(new Line2D.Double(p.left, py, p.left + p.width, py));
            c.g.setColor(Canvas.AXIS);
            c.g.draw(new Line2D.Double(p.left - 5, py, p.left, py));
            c.g.setColor(Canvas.TEXT);
            c.drawRightAligned(p.y.label(v), p.left - 8, py + ascent / 2.0 - 2);
        }
        for (double v : p.x.ticks()) {
            double px = p.px(v);
            c.g.setColor(Canvas.AXIS);
            c.g.draw(new Line2D.Double(px, p.top + p.height, px, p.top + p.height + 5));
            c.g.setColor(Canvas.TEXT);
            c.drawCentred(p.x.label(v), px, p.top + p.height + 8 + ascent);
        }
        c.g.setColor(Canvas.AXIS);
        c.g.drawRect(p.left, p.top, p.width, p.height);

        c.g.setColor(Canvas.TEXT);
        c.g.setFont(Canvas.font(Font.PLAIN, 13));
        c.drawCentred("epoch", p.left + p.width / 2.0, HEIGHT - 12);
        AffineTransform plain = c.g.getTransform();
        c.g.rotate(-Math.PI / 2);
        c.drawCentred("loss", -(p.top + p.height / 2.0), 18);
        c.g.setTransform(plain);
        c.g.setFont(Canvas.font(Font.BOLD, 15));
        c.drawCentred(title, WIDTH / 2.0, 26);
    }

    private static void drawSeries(Canvas c, Plot p, double[] values, Color color, boolean markers) {
        c.g.setColor(color);
        c.g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double line = new Path2D.Double();
        boolean drawing = false;
        for (int e = 0; e < values.length; e++) {
            if (!Double.isFinite(values[e])) {
                drawing = false;
                continue;
            }
            double px = p.px(e + 1);
            double py = p.py(values[e]);
            if (drawing) {
                line.lineTo(px, py);
            } else {
                line.moveTo(px, py);
                drawing = true;
            }
            if (markers || values.length == 1) {
                c.g.fill(new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7));
            }
        }
        c.g.draw(line);
    }

    private static void drawLegend(Canvas c, Plot p, Map<String, double[]> series) {
        Font font = Canvas.font(Font.PLAIN, 12);
        c.g.setFont(font);
        int lineHeight = 18;
        int textWidth = 0;
        for (String name : series.keySet()) {
            textWidth = Math.max(textWidth, c.g.getFontMetrics().stringWidth(name));
        }
        int boxWidth = 10 + 22 + 6 + textWidth + 10;
        int boxHeight = 8 + series.size() * lineHeight + 4;
        int x = p.left + p.width - boxWidth - 10;
        int y = p.top + 10;
        c.g.setColor(new Color(255, 255, 255, 230));
        c.g.fillRect(x, y, boxWidth, boxHeight);
        c.g.setColor(Canvas.GRID.darker());
        c.g.setStroke(new BasicStroke(1f));
        c.g.drawRect(x, y, boxWidth, boxHeight);
        int i = 0;
        for (String name : series.keySet()) {
            double mid = y + 8 + i * lineHeight + lineHeight / 2.0 - 2;
            c.g.setColor(PALETTE[i % PALETTE.length]);
            c.g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            c.g.draw(new Line2D.Double(x + 10, mid, x + 32, mid));
            c.g.setColor(Canvas.TEXT);
            c.g.drawString(name, x + 38, (float) (mid + c.g.getFontMetrics().getAscent() / 2.0 - 2));
            i++;
        }
    }

    /** The data-to-pixel mapping of the plot area. */
    private record Plot(int left, int top, int width, int height, Axis x, Axis y) {
        double px(double v) {
            return left + (v - x.min()) / (x.max() - x.min()) * width;
        }

        double py(double v) {
            return top + height - (v - y.min()) / (y.max() - y.min()) * height;
        }
    }

    /** An axis range with evenly spaced ticks at multiples of step. */
    record Axis(double min, double max, double step) {
        /** Integer ticks (epochs) covering first..last, at most about ten. */
        static Axis integers(int first, int last) {
            double step = Math.max(1, niceStep((last - first) / 8.0));
            return new Axis(first, last, step);
        }

        /** A range widened to tick multiples around lo..hi (a flat range gets some height). */
        static Axis nice(double lo, double hi) {
            if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            }
            double step = niceStep((hi - lo) / 5);
            return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
        }

        /** 1, 2 or 5 times a power of ten, at least raw. */
        static double niceStep(double raw) {
            if (raw <= 0) {
                return 1;
            }
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / magnitude;
            double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
            return nice * magnitude;
        }

        double[] ticks() {
            double first = Math.ceil(min / step - 1e-9) * step;
            int n = (int) Math.floor((max - first) / step + 1e-9) + 1;
            double[] t = new double[Math.max(0, n)];
            for (int i = 0; i < t.length; i++) {
                t[i] = first + i * step;
            }
            return t;
        }

        String label(double v) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }
}
