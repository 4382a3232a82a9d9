package io.latentlab.evaluator.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.latentlab.evaluator.report.HtmlReport.esc;
import static io.latentlab.evaluator.report.HtmlReport.td;

/** The sections of report.html that carry the study's conclusions: verdict, charts, comparisons, provenance. */
final class HtmlSections {

    private HtmlSections() {
    }

    static void verdict(StringBuilder html, Report report) {
        if (report.verdict() == null) {
            return;
        }
        html.append("<section id=\"verdict\"><h2>Verdict</h2><ul class=\"verdict\">");
        report.verdict().forEach(sentence -> html.append("<li>").append(esc(sentence)).append("</li>"));
        html.append("</ul></section>");
    }

    /** @param charts SVG documents by chart name, inlined (they are the evaluator's own, their text escaped) */
    static void charts(StringBuilder html, Report report, Map<String, String> charts) {
        if (report.charts() == null || report.charts().isEmpty()) {
            return;
        }
        html.append("<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">");
        for (Report.ChartRef chart : report.charts()) {
            String svg = charts.get(chart.name());
            if (svg != null) {
                html.append("<figure class=\"chart\" id=\"chart-").append(esc(chart.name())).append("\">").append(svg)
                        .append("<figcaption>").append(esc(chart.caption())).append("</figcaption></figure>");
            }
        }
        html.append("</div></section>");
    }

    static void comparisons(StringBuilder html, Report report) {
        List<Comparison> comparisons = report.comparisons();
        if (comparisons == null || comparisons.isEmpty()) {
            return;
        }
        html.append("<section id=\"comparisons\"><h2>Comparisons (paired, same test images)</h2>")
                .append("<table><tr><th>a</th><th>b</th><th>a &minus; b (points)</th><th>95 % CI</th><th>test</th>")
                .append("<th>n</th><th>p</th><th>p adjusted</th><th>at the 5 % level, adjusted</th></tr>");
        for (Comparison c : comparisons) {
            var r = c.result();
            html.append(r.significant() ? "<tr class=\"significant\">" : "<tr>")
                    .append(td(esc(c.a().label()))).append(td(esc(c.b().label())))
                    .append(td(String.format(Locale.ROOT, "%+.2f", 100 * r.difference())))
                    .append(td(String.format(Locale.ROOT, "%+.2f to %+.2f", 100 * r.ci95().get(0), 100 * r.ci95().get(1))))
                    .append(td(r.test().equals(io.latentlab.evaluator.stats.PairedDifference.MCNEMAR) ? "McNemar exact" : "paired t")).append(td(r.n()))
                    .append(td(r.pValue() == null ? "&ndash;" : String.format(Locale.ROOT, "%.4f", r.pValue())))
                    .append(td(CorrectedFamily.tableP(c, "&ndash; (no spread)"))).append(td(CorrectedFamily.call(r)))
                    .append("</tr>");
        }
        html.append("</table></section>");
    }

    static void provenance(StringBuilder html, Report report) {
        html.append("<section id=\"provenance\"><h2>Provenance</h2><p class=\"meta\">code version ")
                .append(esc(report.codeVersion()));
        if (report.provenance() != null) {
            html.append(" (commit <code>").append(esc(report.provenance().commit())).append("</code>; evaluator ")
                    .append(esc(report.provenance().evaluatorCodeVersion())).append(")");
        }
        html.append(" &middot; every classifier's model, predicted classes and test class probabilities (.npy) are listed"
                + " in report.json <code>predictions</code>, by job id</p>");
        if (report.provenance() != null && !report.provenance().environments().isEmpty()) {
            html.append("<table><tr><th>trainings</th><th>code</th><th>JVM</th><th>DL4J</th><th>ND4J</th><th>BLAS</th>"
                    + "<th>CPU</th><th>threads per training</th><th>trainings at once</th><th>OS</th></tr>");
            for (Report.Environment e : report.provenance().environments()) {
                JobRow.EnvironmentInfo env = e.environment();
                html.append("<tr>").append(td(e.trainings())).append(td(esc(env.codeVersion()))).append(td(esc(env.jvm())))
                        .append(td(esc(env.dl4j()))).append(td(esc(env.nd4j()))).append(td(esc(env.blas())))
                        .append(td(esc(env.cpuModel() + " (" + env.availableProcessors() + " CPUs)")))
                        .append(td(env.threadsPerTraining())).append(td(env.workers())).append(td(esc(env.os())))
                        .append("</tr>");
            }
            html.append("</table>");
        }
        html.append("</section>");
    }
}
