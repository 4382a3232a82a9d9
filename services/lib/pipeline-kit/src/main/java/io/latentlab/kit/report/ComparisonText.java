package io.latentlab.kit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link RunComparison} as plain text for a terminal ({@code ./latentlab compare a b}). */
public final class ComparisonText {

    private ComparisonText() {
    }

    public static String render(RunComparison.Result result) {
        StringBuilder out = new StringBuilder();
        List<String> runIds = result.runs().stream().map(RunComparison.RunInfo::runId).toList();
        out.append("Runs (the first is the baseline):\n");
        for (RunComparison.RunInfo run : result.runs()) {
            out.append("  ").append(run.runId()).append("  profile ").append(run.profile()).append(", dataset ")
                    .append(run.dataset().name()).append(", ")
                    .append(run.seeds().size() == 1 ? "seed " : run.seeds().size() + " seeds ")
                    .append(String.join(", ", run.seeds().stream().map(String::valueOf).toList()))
                    .append(", code ").append(run.codeVersion().isEmpty() ? "?" : run.codeVersion()).append('\n');
        }
        if (!result.requestDifferences().isEmpty()) {
            out.append("\nRequest differences:\n");
            for (RunComparison.RequestDifference difference : result.requestDifferences()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < runIds.size(); i++) {
                    String value = difference.values().get(i);
                    values.add(runIds.get(i) + "=" + (value.isEmpty() ? "(none)" : value));
                }
                out.append("  ").append(difference.field()).append(": ").append(String.join("  ", values)).append('\n');
            }
        }
        if (result.runs().stream().map(r -> r.dataset().name()).distinct().count() > 1) {
            out.append("\nClasses:\n");
            result.runs().forEach(run -> out.append("  ").append(run.runId()).append(" (").append(run.dataset().name())
                    .append("): ").append(String.join(", ", run.dataset().classNames())).append('\n'));
        }
        out.append("\nTest accuracy, mean over seeds [95 % interval], test reconstruction MSE; \u0394 = difference from ")
                .append(runIds.get(0)).append(" in points, 'beyond noise' when the intervals do not overlap:\n");
        int width = Math.max(14, result.rows().stream().mapToInt(r -> r.label().length()).max().orElse(0));
        out.append(String.format(Locale.ROOT, "  %-" + width + "s", "configuration"));
        for (int i = 0; i < runIds.size(); i++) {
            out.append(String.format(Locale.ROOT, "  %-38s", abbreviate(runIds.get(i), 38)));
            if (i > 0) {
                out.append(String.format(Locale.ROOT, "  %-22s", "\u0394"));
            }
        }
        out.append('\n');
        for (RunComparison.Row row : result.rows()) {
            out.append(String.format(Locale.ROOT, "  %-" + width + "s", row.label()));
            for (int i = 0; i < row.cells().size(); i++) {
                RunComparison.Cell cell = row.cells().get(i);
                String interval = cell.testCi95() == null ? "" : String.format(Locale.ROOT, " [%.2f-%.2f]",
                        100 * cell.testCi95().get(0), 100 * cell.testCi95().get(1));
                String mse = cell.reconMseTest() == null ? "" : String.format(Locale.ROOT, " mse %.5f", cell.reconMseTest());
                out.append(String.format(Locale.ROOT, "  %-38s", String.format(Locale.ROOT, "%.2f %%", 100 * cell.testAccuracy())
                        + interval + mse));
                if (i > 0) {
                    String noise = cell.beyondNoise() == null ? "" : cell.beyondNoise() ? " beyond noise" : " within noise";
                    out.append(String.format(Locale.ROOT, "  %-22s", String.format(Locale.ROOT, "%+.2f", cell.testDifferencePoints())
                            + noise));
                }
            }
            out.append('\n');
        }
        if (result.rows().isEmpty()) {
            out.append("  (no configuration is in every run)\n");
        }
        if (!result.unshared().isEmpty()) {
            out.append("\nOnly in some runs (not compared):\n");
            for (RunComparison.Unshared unshared : result.unshared()) {
                out.append("  ").append(unshared.label()).append(" \u2014 only in ")
                        .append(String.join(", ", unshared.presentIn())).append('\n');
            }
        }
        VerdictText.render(result, out);
        for (RunComparison.RunInfo run : result.runs()) {
            if (!run.verdict().isEmpty()) {
                out.append("\nVerdict of ").append(run.runId()).append(":\n");
                run.verdict().forEach(sentence -> out.append("  - ").append(sentence).append('\n'));
            }
        }
        return out.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
