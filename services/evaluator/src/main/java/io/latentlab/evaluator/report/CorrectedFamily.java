package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.MultipleComparisons;
import io.latentlab.evaluator.stats.PairedDifference;
import io.latentlab.kit.plan.Correction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict's comparisons as one family: their p-values adjusted together ({@link MultipleComparisons}) and each
 * judged on its adjusted p, and the words that say so. A comparison without a p-value (the same difference at
 * every seed: nothing to test it against) is never called different, so it stays out of the family: counting it
 * would only make the others' adjustment stricter.
 */
public final class CorrectedFamily {

    private CorrectedFamily() {
    }

    /** The comparisons with {@code pAdjusted}, {@code correction} and {@code result.significant} judged on the family. */
    public static List<Comparison> of(List<Comparison> comparisons, Correction correction) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            if (comparisons.get(i).result().pValue() != null) {
                members.add(i);
            }
        }
        double[] adjusted = MultipleComparisons.adjust(
                members.stream().mapToDouble(i -> comparisons.get(i).result().pValue()).toArray(), correction);
        List<Comparison> corrected = new ArrayList<>(comparisons);
        for (int m = 0; m < members.size(); m++) {
            Comparison c = comparisons.get(members.get(m));
            corrected.set(members.get(m), c.corrected(c.result().judgedAt(adjusted[m]), adjusted[m],
                    correction.requestName()));
        }
        return List.copyOf(corrected);
    }

    /** "p = 0.012, Holm-adjusted p = 0.036", or "p = 0.012" for a comparison outside the family. */
    static String pValues(Comparison comparison) {
        String raw = "p = " + Verdict.p(comparison.result().pValue());
        return comparison.pAdjusted() == null ? raw
                : raw + ", " + correction(comparison).adjective() + " p = " + Verdict.p(comparison.pAdjusted());
    }

    /** The verdict's closing sentence: how many differ, after which correction over how many comparisons. */
    static String summary(List<Comparison> comparisons) {
        long different = comparisons.stream().filter(c -> c.result().significant()).count();
        List<Comparison> family = comparisons.stream().filter(c -> c.pAdjusted() != null).toList();
        int outside = comparisons.size() - family.size();
        if (family.isEmpty()) {
            return ("0 of %d comparisons differ: none has a p-value (the same difference at every seed), so there is "
                    + "nothing to test or correct.").formatted(comparisons.size());
        }
        Correction correction = correction(family.get(0));
        String over = family.size() == 1 ? "the one comparison with a p-value"
                : "the %d comparisons%s".formatted(family.size(), outside > 0 ? " with a p-value" : "");
        String guarantee = correction == Correction.HOLM
                ? "the chance of calling any truly equal pair different stays at most 5 %"
                : "at most 5 % of the differences called real are expected to be false, on average";
        return ("%d of %d comparisons differ at the 5 %% level after %s over %s (adjusted p < 0.05 and a 95 %% "
                + "interval that excludes 0): %s.%s").formatted(different, comparisons.size(), correction.description(),
                over, guarantee, outside == 0 ? ""
                        : " %d without spread between seeds %s outside the family.".formatted(outside,
                        outside == 1 ? "stays" : "stay"));
    }

    /** Whether a comparison's difference is called real, in a table's words. */
    static String call(PairedDifference result) {
        return result.significant() ? "different" : "within noise";
    }

    /** A table's adjusted p: "0.0360 (holm)", or "–" outside the family. */
    static String tableP(Comparison comparison, String dash) {
        return comparison.pAdjusted() == null ? dash
                : String.format(Locale.ROOT, "%.4f (%s)", comparison.pAdjusted(), comparison.correction());
    }

    private static Correction correction(Comparison comparison) {
        return Correction.named(comparison.correction()).orElseThrow();
    }
}
