package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.Estimate;
import io.latentlab.evaluator.stats.PairedDifference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's first section: a few plain sentences generated from the comparisons. A difference is called
 * real only when its paired test's p, adjusted over the family of comparisons ({@link CorrectedFamily}), is
 * below 5 % and its 95 % interval excludes 0 ({@link PairedDifference#significant()}); every other difference is
 * said to be within noise, with its interval and both p-values. The sentences also say what the intervals cover
 * (seeds, or one seed's test images) and which correction was applied over how many comparisons.
 */
public final class Verdict {

    private static final Map<String, String> WITHIN_NOISE_OF = Map.of(
            Comparison.VS_PCA, "PCA at the same k",
            Comparison.VS_RAW, "the best raw-pixel classifier",
            Comparison.DAE_VS_AE1, "AE-1 at the same k");

    private Verdict() {
    }

    /**
     * @param seeds      the run's seeds
     * @param testImages test images per seed
     */
    public static List<String> of(List<Long> seeds, int testImages, List<ReportRow> rows, List<Comparison> comparisons) {
        List<String> sentences = new ArrayList<>();
        sentences.add(setup(seeds, testImages));
        rows.stream().max(Comparator.comparingDouble(ReportRow::testAccuracy)).ifPresent(best ->
                sentences.add("Highest mean test accuracy: %s, %s.".formatted(ReportBuilder.label(best),
                        accuracyWithInterval(best.stats().testAccuracy()))));
        if (comparisons.isEmpty()) {
            sentences.add("The run has no pair of configurations that the study compares (a reducer against PCA at the "
                    + "same k or against raw pixels, a DAE against AE-1 at the same k): no difference is claimed.");
            return sentences;
        }
        for (Comparison comparison : comparisons) {
            if (comparison.result().significant()) {
                sentences.add(significant(comparison));
            }
        }
        Map<String, List<Comparison>> withinNoise = new LinkedHashMap<>();
        for (Comparison comparison : comparisons) {
            if (!comparison.result().significant()) {
                withinNoise.computeIfAbsent(comparison.kind(), kind -> new ArrayList<>()).add(comparison);
            }
        }
        for (Map.Entry<String, List<Comparison>> group : withinNoise.entrySet()) {
            sentences.add(withinNoise(group.getKey(), group.getValue()));
        }
        sentences.add(CorrectedFamily.summary(comparisons));
        return sentences;
    }

    private static String setup(List<Long> seeds, int testImages) {
        if (seeds.size() <= 1) {
            return ("One seed (%s) on %d test images: intervals are 95 %% Wilson intervals of each accuracy and "
                    + "differences are tested with McNemar's exact test on the same images, so they cover the choice "
                    + "of test images but not the seed-to-seed variation (run with \"repeats\": 3 or more for that).")
                    .formatted(seeds.isEmpty() ? "?" : seeds.get(0), testImages);
        }
        return ("%d seeds (%s) on %d test images each: means with 95 %% t-intervals over the seeds; differences are "
                + "tested with a paired t-test on the per-seed differences at the 5 %% level.")
                .formatted(seeds.size(), String.join(", ", seeds.stream().map(String::valueOf).toList()), testImages);
    }

    private static String significant(Comparison comparison) {
        PairedDifference r = comparison.result();
        String verb = r.difference() > 0 ? "beats" : "trails";
        // "± h" only where the interval is symmetric about the difference (t); McNemar's need not be
        boolean symmetric = Math.abs((r.ci95().get(1) - r.difference()) - (r.difference() - r.ci95().get(0))) < 1e-9;
        return "%s %s %s by %s%s points (95 %% CI %s to %s; %s, %s).".formatted(comparison.a().label(), verb,
                comparison.b().label(), points(Math.abs(r.difference())), symmetric ? " ± " + points(r.halfWidth()) : "",
                signedPoints(r.ci95().get(0)), signedPoints(r.ci95().get(1)), testName(r), CorrectedFamily.pValues(comparison));
    }

    private static String withinNoise(String kind, List<Comparison> group) {
        List<String> parts = new ArrayList<>();
        for (Comparison c : group) {
            PairedDifference r = c.result();
            if (r.pValue() == null) {
                parts.add(("%s (%s points in each of the %d seeds: no spread to test the difference against, so "
                        + "outside the correction's family)")
                        .formatted(c.a().label(), signedPoints(r.difference()), r.n()));
                continue;
            }
            parts.add("%s (%s points, 95 %% CI %s to %s, %s)".formatted(c.a().label(), signedPoints(r.difference()),
                    signedPoints(r.ci95().get(0)), signedPoints(r.ci95().get(1)), CorrectedFamily.pValues(c)));
        }
        String of = kind.equals(Comparison.VS_RAW) ? group.get(0).b().label()
                : WITHIN_NOISE_OF.getOrDefault(kind, "its counterpart");
        return (parts.size() == 1 ? "%s is within noise of %s: %s." : "%s are within noise of %s: %s.").formatted(
                names(group), of, String.join("; ", parts));
    }

    private static String names(List<Comparison> group) {
        List<String> names = group.stream().map(c -> ReportBuilder.displayName(c.a().family())
                + (c.a().family().equals("raw") ? "" : " at k=" + c.a().k())).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String testName(PairedDifference r) {
        return r.test().equals(PairedDifference.MCNEMAR) ? "McNemar's exact test"
                : "paired t-test over " + r.n() + " seeds";
    }

    static String accuracyWithInterval(Estimate estimate) {
        if (estimate.ci95() == null) {
            return percent(estimate.mean());
        }
        return "%s (95 %% CI %s to %s)".formatted(percent(estimate.mean()), percent(estimate.ci95().get(0)),
                percent(estimate.ci95().get(1)));
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    static String points(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    static String signedPoints(double fraction) {
        double points = 100 * fraction;
        return String.format(Locale.ROOT, "%s%.2f", points < 0 ? "\u2212" : "+", Math.abs(points));
    }

    static String p(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }
}
