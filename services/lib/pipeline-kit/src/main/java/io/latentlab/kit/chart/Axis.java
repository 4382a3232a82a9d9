package io.latentlab.kit.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A chart axis: a scale (linear, log₂ or log₁₀) from a value range onto a pixel range, with labelled ticks. */
public final class Axis {

    enum Scale { LINEAR, LOG2, LOG10 }

    public record Tick(double value, String label) {
    }

    private final Scale scale;
    private final double min;
    private final double max;
    private final double from;
    private final double to;
    private final List<Tick> ticks;

    private Axis(Scale scale, double min, double max, double from, double to, List<Tick> ticks) {
        if (!(max > min)) {
            throw new IllegalArgumentException("an axis needs max > min, got " + min + " .. " + max);
        }
        if (scale != Scale.LINEAR && !(min > 0)) {
            throw new IllegalArgumentException("a log axis needs positive values, got " + min);
        }
        this.scale = scale;
        this.min = min;
        this.max = max;
        this.from = from;
        this.to = to;
        this.ticks = List.copyOf(ticks);
    }

    /** A linear axis over [lo, hi] widened to round ticks (1, 2 or 5 times a power of ten), about 5 of them. */
    public static Axis linear(double lo, double hi, double from, double to) {
        if (!(hi > lo)) {
            double pad = Math.max(Math.abs(lo) * 0.05, 1e-9);
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        List<Tick> ticks = new ArrayList<>();
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        for (double v = start; v <= end + step / 2; v += step) {
            ticks.add(new Tick(v, String.format(Locale.ROOT, "%." + decimals + "f", v)));
        }
        return new Axis(Scale.LINEAR, start, end, from, to, ticks);
    }

    /** A log₂ axis with a tick at each given value (the study's code sizes), padded by a quarter octave. */
    public static Axis log2(List<Integer> values, double from, double to) {
        int lo = values.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int hi = values.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<Tick> ticks = values.stream().distinct().sorted().map(v -> new Tick(v, Integer.toString(v))).toList();
        return new Axis(Scale.LOG2, lo / Math.pow(2, 0.25), hi * Math.pow(2, 0.25), from, to, ticks);
    }

    /** A log₁₀ axis over [lo, hi] with ticks at 1, 2 and 5 times powers of ten. */
    public static Axis log10(double lo, double hi, double from, double to) {
        double min = Math.pow(10, Math.floor(Math.log10(lo) * 4) / 4);
        double max = Math.pow(10, Math.ceil(Math.log10(hi) * 4) / 4);
        if (!(max > min)) {
            max = min * 10;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int e = (int) Math.floor(Math.log10(min)); e <= (int) Math.ceil(Math.log10(max)); e++) {
            for (int m : new int[]{1, 2, 5}) {
                double v = m * Math.pow(10, e);
                if (v >= min * 0.999 && v <= max * 1.001) {
                    ticks.add(new Tick(v, label(v)));
                }
            }
        }
        return new Axis(Scale.LOG10, min, max, from, to, ticks);
    }

    public double map(double value) {
        double t = switch (scale) {
            case LINEAR -> (value - min) / (max - min);
            case LOG2, LOG10 -> (Math.log(value) - Math.log(min)) / (Math.log(max) - Math.log(min));
        };
        return from + t * (to - from);
    }

    public List<Tick> ticks() {
        return ticks;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    /** 0.002, 0.05, 1, 20 (one significant digit: the ticks are 1, 2 and 5 times powers of ten). */
    private static String label(double v) {
        if (v >= 1e-5 && v < 1e6) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.0e", v);
    }
}
