package io.latentlab.evaluator.report;

import java.util.List;
import java.util.Locale;

/** report.md: the same tables for a human reader. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Latent Lab run ").append(report.runId()).append("\n\n");
        md.append("- profile: ").append(report.profile()).append('\n');
        md.append("- dataset sha256: `").append(report.dataset().sha256()).append("` (train ")
                .append(report.dataset().train()).append(", val ").append(report.dataset().val())
                .append(", test ").append(report.dataset().test()).append(")\n");
        md.append("- code version: ").append(report.codeVersion()).append('\n');
        md.append("- started ").append(report.startedAt()).append(", finished ").append(report.finishedAt()).append("\n\n");

        md.append("## Overall: best configuration per reducer\n\n");
        md.append("| reducer | k | arch | val acc | test acc | test recon MSE |\n|---|---|---|---|---|---|\n");
        for (ReportRow row : report.overall()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %s |\n", ReportBuilder.family(row),
                    row.k(), row.arch(), row.valAccuracy(), row.testAccuracy(),
                    row.reconMse() == null ? "-" : String.format(Locale.ROOT, "%.5f", row.reconMse().test())));
        }
        for (ReportRow row : report.overall()) {
            md.append("\nTest confusion matrix of ").append(ReportBuilder.family(row)).append(" k=").append(row.k())
                    .append(' ').append(row.arch()).append(" (rows: true class, columns: predicted):\n\n");
            appendConfusion(md, row.confusionTest());
        }

        md.append("\n## All classifiers\n\n");
        md.append("| reducer | k | arch | val acc | test acc | recon MSE train | val | test | epochs | seconds |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ReportRow row : report.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %s | %s | %s | %d | %.1f%s |\n",
                    ReportBuilder.family(row), row.k(), row.arch(), row.valAccuracy(), row.testAccuracy(),
                    mse(row, 0), mse(row, 1), mse(row, 2), row.epochs(), row.trainSeconds(),
                    row.cachedFrom() == null ? "" : " (cached, trained by run " + row.cachedFrom() + ")"));
        }
        return md.toString();
    }

    private static String mse(ReportRow row, int split) {
        if (row.reconMse() == null) {
            return "-";
        }
        double value = List.of(row.reconMse().train(), row.reconMse().val(), row.reconMse().test()).get(split);
        return String.format(Locale.ROOT, "%.5f", value);
    }

    private static void appendConfusion(StringBuilder md, int[][] confusion) {
        md.append("```\n");
        for (int[] line : confusion) {
            for (int count : line) {
                md.append(String.format(Locale.ROOT, "%6d", count));
            }
            md.append('\n');
        }
        md.append("```\n");
    }
}
