package io.latentlab.evaluator.report;

import io.latentlab.kit.chart.Chart;
import io.latentlab.evaluator.chart.StudyCharts;
import io.latentlab.kit.plan.Correction;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.latentlab.evaluator.report.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @Test
    void theVerdictComesFirstThenTheInlinedChartsThenTheTables() {
        List<JobRow> jobs = List.of(
                job("raw", 784, "A1", null, 0, 0.95, 230, 250, null),
                job("pca", 64, "A1", null, 0, 0.94, 225, 250, 0.02),
                job("ae1", 64, "A1", null, 0, 0.96, 235, 250, 0.01));
        List<ReportRow> rows = Configurations.aggregate(jobs);
        List<Comparison> comparisons = StudyComparisons.of(rows,
                jobs.stream().collect(Collectors.toMap(JobRow::jobId, Function.identity())), Correction.HOLM);
        List<String> verdict = Verdict.of(List.of(42L), 250, rows, comparisons);
        Map<String, String> svgs = new LinkedHashMap<>();
        List<Report.ChartRef> charts = StudyCharts.of(rows).stream().peek(c -> svgs.put(c.name(), c.svg()))
                .map(c -> new Report.ChartRef(c.name(), c.caption(), "runs/r/charts/" + c.name() + ".svg", "x")).toList();
        JobRow.EnvironmentInfo env = new JobRow.EnvironmentInfo("abc123-dirty", "17.0.15", "1.0.0-M2.1", "1.0.0-M2.1 (CpuBackend)",
                "OPENBLAS, OpenBLAS 0.3.19", "Some CPU", 1, 2, "Linux", 2);
        Report report = new Report("<run>", "quick", verdict, null, new Report.DatasetSummary("fashion-mnist", List.of("T-shirt/top", "Trouser"), "abc", "def", 10, 4, 250),
                new Report.Repeats(1, List.of(42L), false, "initialisation"), rows, ReportBuilder.bestPerFamily(rows),
                comparisons, charts, List.of(), List.of(),
                new Report.Provenance("abc123-dirty", "abc123-dirty", "abc123full", List.of(new Report.Environment(env, 6))),
                "abc123-dirty", "t0", "t1");

        String html = HtmlReport.render(report, key -> new byte[0], svgs);

        assertThat(html).contains("<title>Latent Lab run &lt;run&gt;</title>").doesNotContain("<run>");
        int verdictAt = html.indexOf("<h2>Verdict</h2>");
        int chartsAt = html.indexOf("<h2>Charts</h2>");
        int overallAt = html.indexOf("Overall: the best configuration");
        assertThat(verdictAt).isPositive().isLessThan(chartsAt);
        assertThat(chartsAt).isLessThan(overallAt);
        assertThat(html.indexOf("<h2>")).isEqualTo(verdictAt);
        assertThat(html).contains("<li>" + HtmlReport.esc(verdict.get(2)) + "</li>");
        for (Chart chart : StudyCharts.of(rows)) {
            assertThat(html).contains("id=\"chart-" + chart.name() + "\"><svg xmlns=\"http://www.w3.org/2000/svg\"",
                    "<figcaption>" + chart.caption() + "</figcaption>");
        }
        assertThat(html).contains("<th>p adjusted</th>", "<td>0.0059 (holm)</td><td>different</td>",
                "<td>0.1250 (holm)</td><td>within noise</td>");
        assertThat(html).contains("<figcaption>Test accuracy vs k</figcaption>", "McNemar exact", "within noise",
                "different", "Provenance", "abc123full", "Some CPU (2 CPUs)", "OPENBLAS, OpenBLAS 0.3.19");
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(1);
        assertThat(html).contains("dataset <b>fashion-mnist</b> (classes T-shirt/top, Trouser) &middot; split <code>abc</code>");
    }
}
