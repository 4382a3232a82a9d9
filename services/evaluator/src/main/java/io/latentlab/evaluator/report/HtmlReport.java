package io.latentlab.evaluator.report;

import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * report.html: one self-contained page (pictures and charts inlined) with every table and picture of the
 * study. The verdict comes first, then the charts and the comparisons behind the verdict.
 */
public final class HtmlReport {

    /** Picture sections in reading order: name prefix -> heading. */
    private static final Map<String, String> SECTIONS = sections();

    private HtmlReport() {
    }

    /** @param png reads a picture's bytes by its store key */
    public static String render(Report report, Function<String, byte[]> png) {
        return render(report, png, Map.of());
    }

    /**
     * @param png    reads a picture's bytes by its store key
     * @param charts the report's charts (SVG documents) by name, inlined in the order of {@code report.charts()}
     */
    public static String render(Report report, Function<String, byte[]> png, Map<String, String> charts) {
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Latent Lab run ")
                .append(esc(report.runId())).append("</title><style>").append(CSS).append("</style></head><body>");
        html.append("<h1>Latent Lab run ").append(esc(report.runId())).append("</h1>");
        html.append("<p class=\"meta\">profile <b>").append(esc(report.profile())).append("</b> &middot; ")
                .append(DatasetText.html(report.dataset())).append(" &middot; code ")
                .append(esc(report.codeVersion())).append(" &middot; ").append(esc(report.startedAt())).append(" &rarr; ")
                .append(esc(report.finishedAt())).append("</p>");
        if (report.repeats() != null) {
            html.append("<p class=\"meta\">").append(report.repeats().n()).append(report.repeats().n() == 1 ? " seed " : " seeds ")
                    .append(esc(report.repeats().seeds().toString())).append(" &middot; each repeat varies ")
                    .append(esc(report.repeats().varies())).append("</p>");
        }
        HtmlSections.verdict(html, report);
        HtmlSections.charts(html, report, charts);
        HtmlSections.comparisons(html, report);
        HtmlDifferences.section(html, report, png);
        if (report.request() != null) {
            html.append("<details><summary>Run request</summary><pre>").append(esc(report.request().toPrettyString()))
                    .append("</pre></details>");
        }

        html.append("<h2>Overall: the best configuration of each reducer</h2>");
        html.append("<table><tr><th>reducer</th><th>k</th><th>arch</th><th>n</th><th>val acc</th><th>test acc</th>"
                + "<th>test acc 95 % CI</th><th>test recon MSE</th></tr>");
        ReportRow bestOverall = report.overall().stream().max(Comparator.comparingDouble(ReportRow::testAccuracy)).orElse(null);
        for (ReportRow row : report.overall()) {
            html.append(row == bestOverall ? "<tr class=\"best\">" : "<tr>")
                    .append(td(ReportBuilder.family(row))).append(td(row.k())).append(td(row.arch())).append(td(row.n()))
                    .append(td(pct(row.valAccuracy()))).append(td(pct(row.testAccuracy()))).append(td(ci(row)))
                    .append(td(row.reconMse() == null ? "&ndash;" : mse(row.reconMse().test()))).append("</tr>");
        }
        html.append("</table>");
        appendPictures(html, report.pictures(), "confusion-", png);

        Map<String, List<ReportRow>> families = report.rows().stream()
                .collect(Collectors.groupingBy(ReportBuilder::family, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<ReportRow>> family : families.entrySet()) {
            appendFamily(html, family.getKey(), family.getValue());
        }
        for (Map.Entry<String, String> section : SECTIONS.entrySet()) {
            List<PictureRef> pictures = report.pictures().stream().filter(p -> p.name().startsWith(section.getKey())).toList();
            if (!pictures.isEmpty()) {
                html.append("<h2>").append(section.getValue()).append("</h2>");
                appendPictures(html, pictures, section.getKey(), png);
            }
        }
        HtmlSections.provenance(html, report);
        return html.append("</body></html>").toString();
    }

    private static String ci(ReportRow row) {
        if (row.stats() == null || row.stats().testAccuracy().ci95() == null) {
            return "&ndash;";
        }
        List<Double> ci = row.stats().testAccuracy().ci95();
        return String.format(Locale.ROOT, "%.2f&ndash;%.2f%%", 100 * ci.get(0), 100 * ci.get(1))
                + (row.stats().testAccuracy().method().equals("wilson") ? " (binomial)" : "");
    }

    private static void appendFamily(StringBuilder html, String family, List<ReportRow> rows) {
        ReportRow bestArch = rows.stream().max(Comparator.comparingDouble(ReportRow::valAccuracy)).orElseThrow();
        ReportRow bestK = rows.stream().max(Comparator.comparingDouble(ReportRow::testAccuracy)).orElseThrow();
        html.append("<h2>").append(esc(family)).append("</h2><p class=\"meta\">best by validation accuracy: k=")
                .append(bestArch.k()).append(' ').append(esc(bestArch.arch())).append(" &middot; best by test accuracy: k=")
                .append(bestK.k()).append(' ').append(esc(bestK.arch())).append("</p>");
        html.append("<table><tr><th>k</th><th>arch</th><th>n</th><th>val acc</th><th>test acc</th><th>test acc 95 % CI</th>"
                + "<th>recon MSE train</th><th>val</th><th>test</th><th>epochs</th><th>seconds</th></tr>");
        for (ReportRow row : rows) {
            html.append(row == bestArch ? "<tr class=\"best\">" : "<tr>").append(td(row.k())).append(td(row.arch()))
                    .append(td(row.n())).append(td(pct(row.valAccuracy()))).append(td(pct(row.testAccuracy())))
                    .append(td(ci(row)))
                    .append(td(row.reconMse() == null ? "&ndash;" : mse(row.reconMse().train())))
                    .append(td(row.reconMse() == null ? "&ndash;" : mse(row.reconMse().val())))
                    .append(td(row.reconMse() == null ? "&ndash;" : mse(row.reconMse().test())))
                    .append(td(row.epochs())).append(td(String.format(Locale.ROOT, "%.1f", row.trainSeconds())
                            + (row.cachedFrom() == null ? "" : " (cached, trained by run " + esc(row.cachedFrom()) + ")")))
                    .append("</tr>");
        }
        html.append("</table>");
    }

    private static void appendPictures(StringBuilder html, List<PictureRef> pictures, String prefix,
                                       Function<String, byte[]> png) {
        html.append("<div class=\"pictures\">");
        for (PictureRef picture : pictures) {
            if (!picture.name().startsWith(prefix)) {
                continue;
            }
            html.append("<figure><img alt=\"").append(esc(picture.name())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png.apply(picture.key())))
                    .append("\"><figcaption>").append(esc(picture.caption())).append("</figcaption></figure>");
        }
        html.append("</div>");
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("noisy-", "Noise: original vs noisy images");
        sections.put("recon-", "Reconstructions: original vs reconstructed (10 images per split)");
        sections.put("weights-", "Encoder weights (one 28&times;28 tile per hidden unit)");
        sections.put("curve-", "Learning curves");
        return sections;
    }

    static String td(Object value) {
        return "<td>" + value + "</td>";
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static String mse(double value) {
        return String.format(Locale.ROOT, "%.5f", value);
    }

    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1200px;color:#222;padding:0 1rem}
            h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
            .meta{color:#555;font-size:.9rem}code{font-size:.8rem}
            table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
            th{background:#f4f4f4}tr.best td{background:#eef7ee;font-weight:600}
            .pictures{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;max-width:100%}figure img{max-width:100%;border:1px solid #eee}
            figcaption{font-size:.8rem;color:#555;max-width:560px}pre{background:#f8f8f8;padding:.5rem;font-size:.8rem}
            ul.verdict{background:#f6f8fb;border-left:4px solid #0072B2;padding:.6rem 1rem .6rem 2rem;line-height:1.45}
            .charts{display:flex;flex-direction:column;gap:1.2rem}figure.chart svg{max-width:100%;height:auto;border:1px solid #eee}
            tr.significant td{background:#fff4e5;font-weight:600}
            """;
}
