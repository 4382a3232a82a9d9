package io.latentlab.evaluator.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportBuilderTest {

    private static ReportRow row(String reducer, int k, String arch, double val, double test) {
        ReportRow.Recon recon = reducer.equals("raw") ? null : new ReportRow.Recon(0.02, 0.021, 0.022);
        JobRow job = new JobRow(reducer + "-k" + k + "-" + arch, reducer, k, arch, null, 0, 42, val, test, 4, null,
                recon, null, 10, 5, 1.5, 0.2, new int[][]{{1, 0}, {0, 1}}, new int[][]{{2, 1}, {0, 3}},
                new double[]{0.5}, new double[]{0.6}, List.of(), null, null, null, null, null, null);
        return Configurations.aggregate(List.of(job)).get(0);
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
    void namesFamiliesAndConfigurationsTheWayTheVerdictReadsThem() {
        assertThat(ReportBuilder.displayName("dae-20")).isEqualTo("DAE-20");
        assertThat(ReportBuilder.label(rows.get(0))).isEqualTo("PCA at k=64 (A2)");
        assertThat(ReportBuilder.label(rows.get(1))).isEqualTo("raw pixels (A1)");
    }

    @Test
    void markdownHoldsEveryRowAndTheConfusionMatrices() {
        Report report = new Report("r1", "quick", List.of("One seed."), null, new Report.DatasetSummary("fashion-mnist", List.of("T-shirt/top", "Trouser"), "abc", "def", 10, 4, 4),
                null, ReportBuilder.ordered(rows), ReportBuilder.bestPerFamily(rows), List.of(), List.of(), List.of(),
                List.of(), null, "dev", "t0", "t1");

        String md = MarkdownReport.render(report);

        assertThat(md).contains("# Latent Lab run r1", "## Verdict\n\n- One seed.\n", "| raw | 784 | A1 | 0.9700 | 0.9600 | - |",
                "| pca | 64 | A2 | 0.9500 | 0.9400 | 0.02000 | 0.02100 | 0.02200 | 10 | 1.5 | 1 |",
                "- dataset: fashion-mnist (sha256 `def`), classes: T-shirt/top, Trouser\n",
                // rows: true class, columns: predicted, each named by its class
                "             T-shirt/top     Trouser\n T-shirt/top           2           1\n     Trouser           0           3");
        assertThat(md.indexOf("## Verdict")).isLessThan(md.indexOf("## Overall"));
        assertThat(md.lines().filter(l -> l.startsWith("| pca |")).count()).isEqualTo(4);
    }
}
