package io.latentlab.evaluator.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportBuilderTest {

    private static ReportRow row(String reducer, int k, String arch, double val, double test) {
        ReportRow.Recon recon = reducer.equals("raw") ? null : new ReportRow.Recon(0.02, 0.021, 0.022);
        return new ReportRow(reducer + "-k" + k + "-" + arch, reducer, k, arch, null, val, test, recon, null,
                10, 5, 1.5, 0.2, new int[][]{{1, 0}, {0, 1}}, new int[][]{{2, 1}, {0, 3}}, new double[]{0.5}, new double[]{0.6}, List.of(), null);
    }

    private final List<ReportRow> rows = List.of(
            row("pca", 64, "A2", 0.95, 0.94),
            row("raw", 784, "A1", 0.97, 0.96),
            row("pca", 32, "A1", 0.96, 0.97),
            row("pca", 64, "A1", 0.96, 0.95));

    @Test
    void ordersByFamilyThenKThenArchitecture() {
        assertThat(ReportBuilder.ordered(rows)).extracting(ReportRow::jobId)
                .containsExactly("raw-k784-A1", "pca-k32-A1", "pca-k64-A1", "pca-k64-A2");
    }

    @Test
    void picksTheBestConfigurationPerFamilyByValidationAccuracyThenTest() {
        assertThat(ReportBuilder.bestPerFamily(rows)).extracting(ReportRow::jobId)
                .containsExactly("raw-k784-A1", "pca-k32-A1");
    }

    @Test
    void markdownHoldsEveryRowAndTheConfusionMatrices() {
        Report report = new Report("r1", "quick", null, new Report.DatasetSummary("abc", 10, 4, 4),
                ReportBuilder.ordered(rows), ReportBuilder.bestPerFamily(rows), List.of(), "dev", "t0", "t1");

        String md = MarkdownReport.render(report);

        assertThat(md).contains("# Latent Lab run r1", "| raw | 784 | A1 | 0.9700 | 0.9600 | - |",
                "| pca | 64 | A2 | 0.9500 | 0.9400 | 0.02000 | 0.02100 | 0.02200 | 10 | 1.5 |",
                "     2     1\n     0     3");
        assertThat(md.lines().filter(l -> l.startsWith("| pca |")).count()).isEqualTo(4);
    }
}
