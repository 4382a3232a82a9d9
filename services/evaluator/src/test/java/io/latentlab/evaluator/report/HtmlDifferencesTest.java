package io.latentlab.evaluator.report;

import io.latentlab.kit.plan.Correction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.latentlab.evaluator.report.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

class HtmlDifferencesTest {

    private static final List<JobRow> JOBS = List.of(
            job("raw", 784, "A1", null, 0, 0.95, 230, 250, null),
            job("pca", 64, "A1", null, 0, 0.94, 225, 250, 0.02));

    @Test
    void reportHtmlShowsEachComparisonsDiscordantCountsAndItsSheets() {
        List<ReportRow> rows = rows();
        List<Comparison> plain = comparisons(rows);
        assertThat(plain).singleElement().satisfies(c -> assertThat(c.result().onlyA()).isZero());
        Comparison pcaVsRaw = plain.get(0);
        // the raw-pixel job got 5 more images right (Jobs marks the first n right): b right, a wrong on 225..229
        Discordant discordant = new Discordant(0, 5, 5, DiscordantImages.CAP, 0, 42, List.of(new Discordant.Sheet(
                Discordant.B_RIGHT_A_WRONG, "differences-01-b-right-a-wrong", "raw right, PCA wrong: all 5 test images",
                "runs/r/pictures/differences-01-b-right-a-wrong.png", "s", 5,
                List.of(new Discordant.Image(225, "1", "0", "1")))));
        Report report = report(rows, List.of(pcaVsRaw.withDiscordant(discordant)));
        Map<String, byte[]> stored = Map.of("runs/r/pictures/differences-01-b-right-a-wrong.png",
                "sheet".getBytes(StandardCharsets.UTF_8));

        String html = HtmlReport.render(report, stored::get);

        int comparisonsAt = html.indexOf("<section id=\"comparisons\">");
        int differencesAt = html.indexOf("<section id=\"differences\"><h2>The images behind each difference</h2>");
        assertThat(differencesAt).isGreaterThan(comparisonsAt).isGreaterThan(0);
        String section = html.substring(differencesAt, html.indexOf("</section>", differencesAt));
        assertThat(section).contains("<h3>PCA at k=64 (A1) vs raw pixels (A1)</h3>",
                "a right, b wrong: <b class=\"a-right-b-wrong\">0</b>",
                "b right, a wrong: <b class=\"b-right-a-wrong\">5</b>", "shown: 5", "the first 24 of each way",
                "<figure id=\"differences-01-b-right-a-wrong\">",
                "src=\"data:image/png;base64," + Base64.getEncoder().encodeToString("sheet".getBytes(StandardCharsets.UTF_8)),
                "<figcaption>raw right, PCA wrong: all 5 test images</figcaption>");
        assertThat(section).doesNotContain("first seed");
    }

    @Test
    void aComparisonWithoutStoredImagesSaysSoAndRepeatsNameTheFirstSeed() {
        List<ReportRow> rows = rows();
        List<Comparison> comparisons = comparisons(rows);
        Report report = new Report("r", "seed", List.of(), null, new Report.DatasetSummary("mnist", List.of("0", "1"), "abc", "def", 10, 4, 250),
                new Report.Repeats(3, List.of(42L, 43L, 44L), false, "initialisation"), rows,
                ReportBuilder.bestPerFamily(rows), comparisons, List.of(), List.of(), List.of(), null, "c", "t0", "t1");

        String html = HtmlReport.render(report, key -> new byte[0]);

        assertThat(html).contains("With 3 seeds these are the images of the run's first seed (42)",
                "<h3>PCA at k=64 (A1) vs raw pixels (A1)</h3><p class=\"meta\">Not available:");
    }

    /** PCA at k=64 and raw pixels on one seed's 250 test images: raw gets images 225..229 right, PCA does not. */
    private static List<ReportRow> rows() {
        return Configurations.aggregate(JOBS);
    }

    private static List<Comparison> comparisons(List<ReportRow> rows) {
        return StudyComparisons.of(rows, JOBS.stream().collect(Collectors.toMap(JobRow::jobId, Function.identity())), Correction.HOLM);
    }

    private static Report report(List<ReportRow> rows, List<Comparison> comparisons) {
        return new Report("r", "quick", List.of(), null, new Report.DatasetSummary("mnist", List.of("0", "1"), "abc", "def", 10, 4, 250),
                new Report.Repeats(1, List.of(42L), false, "initialisation"), rows, ReportBuilder.bestPerFamily(rows),
                comparisons, List.of(), List.of(), List.of(), null, "c", "t0", "t1");
    }
}
