package io.latentlab.evaluator.chart;

import io.latentlab.kit.chart.Axis;
import io.latentlab.kit.chart.Chart;
import io.latentlab.evaluator.report.ReportBuilder;
import io.latentlab.evaluator.report.ReportRow;
import io.latentlab.evaluator.stats.Estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The study's central result as charts: test accuracy against k (one line per family at the architecture
 * that validates best at each k, raw pixels as a reference line), reconstruction MSE against k, and the
 * training time of every job. Means over the run's seeds with their 95 % intervals.
 */
public final class StudyCharts {

    public static final String ACCURACY_VS_K = "accuracy-vs-k";
    public static final String MSE_VS_K = "recon-mse-vs-k";
    public static final String TRAINING_TIME = "training-time";

    /** Okabe-Ito: distinguishable with every common colour-vision deficiency. */
    private static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00",
            "#56B4E9", "#F0E442", "#000000");
    private static final String RAW_COLOR = "#555555";

    private StudyCharts() {
    }

    public static List<Chart> of(List<ReportRow> rows) {
        Map<String, List<ReportRow>> families = rows.stream().collect(
                Collectors.groupingBy(ReportBuilder::family, LinkedHashMap::new, Collectors.toList()));
        Map<String, String> colors = new LinkedHashMap<>();
        families.keySet().stream().filter(f -> !f.equals("raw"))
                .forEach(f -> colors.put(f, PALETTE.get(colors.size() % PALETTE.size())));
        List<Chart> charts = new ArrayList<>();
        accuracyVsK(families, colors).ifPresent(charts::add);
        mseVsK(families, colors).ifPresent(charts::add);
        if (!rows.isEmpty()) {
            charts.add(trainingTime(families, rows));
        }
        return charts;
    }

    static Optional<Chart> accuracyVsK(Map<String, List<ReportRow>> families, Map<String, String> colors) {
        List<LineChart.Series> series = new ArrayList<>();
        List<Integer> ks = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, String> family : colors.entrySet()) {
            List<LineChart.Point> points = new ArrayList<>();
            for (int k : new TreeSet<>(families.get(family.getKey()).stream().map(ReportRow::k).toList())) {
                ReportRow row = families.get(family.getKey()).stream().filter(r -> r.k() == k)
                        .max(ReportBuilder.byValidation()).orElseThrow();
                Estimate test = row.stats().testAccuracy();
                points.add(new LineChart.Point(k, 100 * test.mean(), lo(test, 100), hi(test, 100), row.arch()));
                ks.add(k);
                collect(values, test, 100);
            }
            series.add(new LineChart.Series(ReportBuilder.displayName(family.getKey()), family.getValue(), points));
        }
        if (ks.isEmpty()) {
            return Optional.empty();
        }
        List<LineChart.Reference> references = new ArrayList<>();
        Optional.ofNullable(families.get("raw")).flatMap(raw -> raw.stream().max(ReportBuilder.byValidation()))
                .ifPresent(raw -> {
                    Estimate test = raw.stats().testAccuracy();
                    references.add(new LineChart.Reference("raw pixels (" + raw.arch() + ")", RAW_COLOR,
                            100 * test.mean(), lo(test, 100), hi(test, 100)));
                    collect(values, test, 100);
                });
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double pad = Math.max(0.5, (max - min) * 0.08);
        double[] xr = LineChart.xRange();
        double[] yr = LineChart.yRange();
        Axis y = Axis.linear(Math.max(0, min - pad), Math.min(100, max + pad), yr[0], yr[1]);
        String svg = LineChart.render("Test accuracy vs k (best architecture per k, labelled at each point)",
                "code size k (log\u2082 scale)", "test accuracy (%)", Axis.log2(ks, xr[0], xr[1]), y, series, references);
        return Optional.of(new Chart(ACCURACY_VS_K, "Test accuracy vs k", svg));
    }

    static Optional<Chart> mseVsK(Map<String, List<ReportRow>> families, Map<String, String> colors) {
        List<LineChart.Series> series = new ArrayList<>();
        List<Integer> ks = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, String> family : colors.entrySet()) {
            List<LineChart.Point> points = new ArrayList<>();
            for (int k : new TreeSet<>(families.get(family.getKey()).stream().map(ReportRow::k).toList())) {
                Optional<Estimate> mse = families.get(family.getKey()).stream()
                        .filter(r -> r.k() == k && r.stats().reconMseTest() != null)
                        .map(r -> r.stats().reconMseTest()).findFirst();
                if (mse.isEmpty() || !(mse.get().mean() > 0)) {
                    continue;
                }
                Estimate e = mse.get();
                Double lo = lo(e, 1) == null ? null : Math.max(lo(e, 1), e.mean() / 10);
                points.add(new LineChart.Point(k, e.mean(), lo, hi(e, 1), null));
                ks.add(k);
                values.add(e.mean());
                if (lo != null) {
                    values.add(lo);
                    values.add(hi(e, 1));
                }
            }
            if (!points.isEmpty()) {
                series.add(new LineChart.Series(ReportBuilder.displayName(family.getKey()), family.getValue(), points));
            }
        }
        if (ks.isEmpty()) {
            return Optional.empty();
        }
        double[] xr = LineChart.xRange();
        double[] yr = LineChart.yRange();
        Axis y = Axis.log10(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), yr[0], yr[1]);
        String svg = LineChart.render("Reconstruction MSE on the test split vs k", "code size k (log\u2082 scale)",
                "reconstruction MSE, test (per pixel, log scale)", Axis.log2(ks, xr[0], xr[1]), y, series, List.of());
        return Optional.of(new Chart(MSE_VS_K, "Reconstruction MSE (test) vs k", svg));
    }

    static Chart trainingTime(Map<String, List<ReportRow>> families, List<ReportRow> rows) {
        List<String> archs = rows.stream().map(ReportRow::arch).distinct().sorted().toList();
        Map<String, String> colors = new LinkedHashMap<>();
        colors.put("reducer fit", "#999999");
        archs.forEach(a -> colors.put("classifier " + a, PALETTE.get((colors.size() - 1) % PALETTE.size())));
        List<StackedBarChart.Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<ReportRow>> family : families.entrySet()) {
            List<StackedBarChart.Bar> bars = new ArrayList<>();
            for (int k : new TreeSet<>(family.getValue().stream().map(ReportRow::k).toList())) {
                List<ReportRow> atK = family.getValue().stream().filter(r -> r.k() == k)
                        .sorted(Comparator.comparing(ReportRow::arch)).toList();
                List<StackedBarChart.Segment> segments = new ArrayList<>();
                segments.add(new StackedBarChart.Segment("reducer fit", atK.get(0).reducerSeconds()));
                atK.forEach(r -> segments.add(new StackedBarChart.Segment("classifier " + r.arch(), r.trainSeconds())));
                bars.add(new StackedBarChart.Bar(Integer.toString(k), segments));
            }
            groups.add(new StackedBarChart.Group(ReportBuilder.displayName(family.getKey()), bars));
        }
        int seeds = rows.stream().mapToInt(ReportRow::n).max().orElse(1);
        String title = "Training time per job" + (seeds > 1 ? " (mean over " + seeds + " seeds)" : "")
                + ": reducer fit + one classifier per architecture";
        String svg = StackedBarChart.render(title, "seconds per job (wall time)", groups, colors);
        return new Chart(TRAINING_TIME, "Training time per job, stacked by stage and grouped by family", svg);
    }

    private static Double lo(Estimate e, double scale) {
        return e.ci95() == null ? null : scale * e.ci95().get(0);
    }

    private static Double hi(Estimate e, double scale) {
        return e.ci95() == null ? null : scale * e.ci95().get(1);
    }

    private static void collect(List<Double> values, Estimate e, double scale) {
        values.add(scale * e.mean());
        if (e.ci95() != null) {
            values.add(scale * e.ci95().get(0));
            values.add(scale * e.ci95().get(1));
        }
    }
}
