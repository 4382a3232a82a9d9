package io.latentlab.kit.report;

import java.util.List;
import java.util.Locale;

/** The part of {@link ComparisonText} that says whether each verdict comparison holds in every run. */
final class VerdictText {

    private VerdictText() {
    }

    static void render(RunComparison.Result result, StringBuilder out) {
        if (result.verdicts().isEmpty()) {
            return;
        }
        List<String> names = VerdictAgreement.displayNames(result.runs().stream().map(RunComparison.RunInfo::runId).toList(),
                result.runs().stream().map(run -> run.dataset().name()).toList());
        out.append("\nThe verdicts' comparisons in every run (a \u2212 b in points [95 % interval]; 'significant' as each "
                + "report judged it):\n");
        for (VerdictAgreement.Line line : result.verdicts()) {
            out.append("  ").append(line.claim()).append(": ").append(line.summary()).append('\n');
            for (int i = 0; i < line.sides().size(); i++) {
                VerdictAgreement.Side side = line.sides().get(i);
                out.append("      ").append(names.get(i)).append(": ");
                out.append(side == null ? "not compared" : side(side)).append('\n');
            }
        }
    }

    private static String side(VerdictAgreement.Side side) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%+.2f", 100 * side.difference()));
        if (side.ci95() != null) {
            text.append(String.format(Locale.ROOT, " [%+.2f, %+.2f]", 100 * side.ci95().get(0), 100 * side.ci95().get(1)));
        }
        if (side.pValue() != null) {
            text.append(String.format(Locale.ROOT, " p=%.3g", side.pValue()));
        }
        if (side.pAdjusted() != null) {
            text.append(String.format(Locale.ROOT, " p-adjusted=%.3g", side.pAdjusted()))
                    .append(side.correction().isEmpty() ? "" : " (" + side.correction() + ")");
        }
        return text.append(side.significant() ? " significant" : " within noise")
                .append(" (").append(side.a()).append(" vs ").append(side.b()).append(')').toString();
    }
}
