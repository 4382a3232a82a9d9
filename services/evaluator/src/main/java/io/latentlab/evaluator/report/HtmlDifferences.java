package io.latentlab.evaluator.report;

import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import static io.latentlab.evaluator.report.HtmlReport.esc;

/**
 * report.html's "The images behind each difference": for every comparison, how many test images a got right and b
 * wrong and the reverse (McNemar's discordant pairs), and the sheets of the first {@value DiscordantImages#CAP} of
 * each, inlined.
 */
final class HtmlDifferences {

    static final String HEADING = "The images behind each difference";

    private HtmlDifferences() {
    }

    /** @param png reads a sheet's bytes by its store key */
    static void section(StringBuilder html, Report report, Function<String, byte[]> png) {
        List<Comparison> comparisons = report.comparisons();
        if (comparisons == null || comparisons.isEmpty()) {
            return;
        }
        html.append("<section id=\"differences\"><h2>").append(HEADING).append("</h2><p class=\"meta\">")
                .append("For each comparison, the test images one configuration classifies right and the other wrong ")
                .append("(their counts are McNemar's discordant pairs), the first ").append(DiscordantImages.CAP)
                .append(" of each way shown: the image, its reconstruction under a's and under b's reducer (raw pixels: "
                        + "the image itself), the true class and both predictions.");
        if (report.repeats() != null && report.repeats().n() > 1) {
            html.append(" With ").append(report.repeats().n()).append(" seeds these are the images of the run's first seed (")
                    .append(report.repeats().seeds().get(0)).append("), whichever test compared the configurations.");
        }
        html.append("</p>");
        for (Comparison c : comparisons) {
            comparison(html, c, png);
        }
        html.append("</section>");
    }

    private static void comparison(StringBuilder html, Comparison c, Function<String, byte[]> png) {
        html.append("<h3>").append(esc(c.a().label())).append(" vs ").append(esc(c.b().label())).append("</h3>");
        Discordant d = c.discordant();
        if (d == null) {
            html.append("<p class=\"meta\">Not available: the predictions, reducer models or test split behind this "
                    + "comparison are not stored (the evaluator's log says which).</p>");
            return;
        }
        html.append("<p class=\"discordant\">a right, b wrong: <b class=\"a-right-b-wrong\">").append(d.aRightBWrong())
                .append("</b> test images &middot; b right, a wrong: <b class=\"b-right-a-wrong\">").append(d.bRightAWrong())
                .append("</b> &middot; shown: ").append(d.shown()).append("</p>");
        if (d.sheets().isEmpty()) {
            return;
        }
        html.append("<div class=\"pictures\">");
        for (Discordant.Sheet sheet : d.sheets()) {
            html.append("<figure id=\"").append(esc(sheet.name())).append("\"><img alt=\"").append(esc(sheet.caption()))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png.apply(sheet.key())))
                    .append("\"><figcaption>").append(esc(sheet.caption())).append("</figcaption></figure>");
        }
        html.append("</div>");
    }
}
