package io.latentlab.evaluator.report;

import java.util.List;
import java.util.Locale;

/** How report.md and report.html name the run's dataset, its classes and its split; and a confusion matrix by class name. */
final class DatasetText {

    private DatasetText() {
    }

    /** The markdown header lines: dataset and classes, then the split's sha256 and sizes. */
    static String markdown(Report.DatasetSummary d) {
        return "- dataset: " + d.name() + " (sha256 `" + d.sourceSha256() + "`), classes: " + String.join(", ", d.classNames())
                + "\n- split sha256: `" + d.sha256() + "` (train " + d.train() + ", val " + d.val() + ", test " + d.test() + ")\n";
    }

    /** The html meta line's dataset part (escaped). */
    static String html(Report.DatasetSummary d) {
        return "dataset <b>" + HtmlReport.esc(d.name()) + "</b> (classes " + HtmlReport.esc(String.join(", ", d.classNames()))
                + ") &middot; split <code>" + HtmlReport.esc(d.sha256()) + "</code> (" + d.train() + " train / " + d.val()
                + " val / " + d.test() + " test)";
    }

    /** A confusion matrix with each row and column named by its class (rows: true, columns: predicted). */
    static String confusion(int[][] confusion, List<String> classNames) {
        int width = 6;
        for (String name : classNames) {
            width = Math.max(width, name.length() + 1);
        }
        StringBuilder md = new StringBuilder("```\n").append(" ".repeat(width));
        for (int c = 0; c < confusion.length; c++) {
            md.append(String.format(Locale.ROOT, "%" + width + "s", name(classNames, c)));
        }
        md.append('\n');
        for (int t = 0; t < confusion.length; t++) {
            md.append(String.format(Locale.ROOT, "%" + width + "s", name(classNames, t)));
            for (int count : confusion[t]) {
                md.append(String.format(Locale.ROOT, "%" + width + "d", count));
            }
            md.append('\n');
        }
        return md.append("```\n").toString();
    }

    private static String name(List<String> classNames, int index) {
        return index < classNames.size() ? classNames.get(index) : Integer.toString(index);
    }
}
