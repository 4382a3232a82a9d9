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
        md.append(DatasetText.markdown(report.dataset()));
        md.append("- code version: ").append(report.codeVersion()).append('\n');
        if (report.repeats() != null) {
            md.append("- seeds: ").append(report.repeats().seeds()).append(" (each repeat varies ")
                    .append(report.repeats().varies()).append(")\n");
        }
        md.append("- started ").append(report.startedAt()).append(", finished ").append(report.finishedAt()).append("\n\n");

        if (report.verdict() != null) {
            md.append("## Verdict\n\n");
            report.verdict().forEach(sentence -> md.append("- ").append(sentence).append('\n'));
            md.append('\n');
        }
        if (report.charts() != null && !report.charts().isEmpty()) {
            md.append("Charts (SVG, stored with the run): ");
            md.append(String.join(", ", report.charts().stream().map(c -> c.caption() + " (`" + c.key() + "`)").toList()));
            md.append("\n\n");
        }

        md.append("## Overall: best configuration per reducer\n\n");
        md.append("| reducer | k | arch | val acc | test acc | test recon MSE | n | test acc 95 % CI |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (ReportRow row : report.overall()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %s | %d | %s |\n", ReportBuilder.family(row),
                    row.k(), row.arch(), row.valAccuracy(), row.testAccuracy(),
                    row.reconMse() == null ? "-" : String.format(Locale.ROOT, "%.5f", row.reconMse().test()),
                    row.n(), ci(row)));
        }
        if (report.comparisons() != null && !report.comparisons().isEmpty()) {
            md.append("\n## Comparisons (paired, same test images)\n\n");
            md.append("| a | b | a - b (points) | 95 % CI | test | n | p | p adjusted | at the 5 % level, adjusted |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            for (Comparison c : report.comparisons()) {
                var r = c.result();
                md.append(String.format(Locale.ROOT, "| %s | %s | %+.2f | %+.2f to %+.2f | %s | %d | %s | %s | %s |\n",
                        c.a().label(), c.b().label(), 100 * r.difference(), 100 * r.ci95().get(0), 100 * r.ci95().get(1),
                        r.test(), r.n(), r.pValue() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.pValue()),
                        CorrectedFamily.tableP(c, "- (no spread)"), CorrectedFamily.call(r)));
            }
        }
        for (ReportRow row : report.overall()) {
            md.append("\nTest confusion matrix of ").append(ReportBuilder.family(row)).append(" k=").append(row.k())
                    .append(' ').append(row.arch()).append(" (rows: true class, columns: predicted):\n\n");
            md.append(DatasetText.confusion(row.confusionTest(), report.dataset().classNames()));
        }

        md.append("\n## All classifiers\n\n");
        md.append("| reducer | k | arch | val acc | test acc | recon MSE train | val | test | epochs | seconds | n | test acc 95 % CI |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ReportRow row : report.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %s | %s | %s | %d | %.1f%s | %d | %s |\n",
                    ReportBuilder.family(row), row.k(), row.arch(), row.valAccuracy(), row.testAccuracy(),
                    mse(row, 0), mse(row, 1), mse(row, 2), row.epochs(), row.trainSeconds(),
                    row.cachedFrom() == null ? "" : " (cached, trained by run " + row.cachedFrom() + ")", row.n(), ci(row)));
        }
        if (report.provenance() != null) {
            md.append("\n## Provenance\n\n- code version ").append(report.codeVersion()).append(" (commit ")
                    .append(report.provenance().commit()).append(")\n");
            for (Report.Environment e : report.provenance().environments()) {
                JobRow.EnvironmentInfo env = e.environment();
                md.append("- ").append(e.trainings()).append(" trainings on ").append(env.cpuModel()).append(" (")
                        .append(env.availableProcessors()).append(" CPUs, ").append(env.threadsPerTraining())
                        .append(" thread(s) per training, ").append(env.workers()).append(" at once), JVM ").append(env.jvm())
                        .append(", DL4J ").append(env.dl4j()).append(", ND4J ").append(env.nd4j()).append(", BLAS ")
                        .append(env.blas()).append(", code ").append(env.codeVersion()).append('\n');
            }
            md.append("- models and predictions (.npy, test class probabilities included): report.json `predictions`\n");
        }
        return md.toString();
    }

    private static String ci(ReportRow row) {
        if (row.stats() == null || row.stats().testAccuracy().ci95() == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.4f-%.4f%s", row.stats().testAccuracy().ci95().get(0),
                row.stats().testAccuracy().ci95().get(1), row.stats().testAccuracy().method().equals("wilson") ? " (binomial)" : "");
    }

    private static String mse(ReportRow row, int split) {
        if (row.reconMse() == null) {
            return "-";
        }
        double value = List.of(row.reconMse().train(), row.reconMse().val(), row.reconMse().test()).get(split);
        return String.format(Locale.ROOT, "%.5f", value);
    }
}
