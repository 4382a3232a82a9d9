package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.PairedDifference;
import io.latentlab.evaluator.stats.PairedTests;
import io.latentlab.kit.plan.Correction;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The comparisons docs/study.md makes, each paired over the same test images: every reducer's best k against PCA
 * at that k and against raw pixels, and each denoising autoencoder against AE-1 at the same k. A family's
 * configuration at a k is its architecture with the best mean validation accuracy, its best k the k whose
 * configuration validates best (chosen on validation, judged on test). One seed: McNemar's exact test on
 * the two jobs' test images; several: the paired t-test over the per-seed differences. Their p-values are then
 * adjusted over the family of comparisons made ({@link CorrectedFamily}).
 */
public final class StudyComparisons {

    private StudyComparisons() {
    }

    /**
     * @param rows the report's configuration rows
     * @param jobs every filed job by job id (for the test images each got right)
     * @param correction how the p-values are adjusted over the comparisons made
     */
    public static List<Comparison> of(List<ReportRow> rows, Map<String, JobRow> jobs, Correction correction) {
        Map<String, List<ReportRow>> families = rows.stream().collect(
                Collectors.groupingBy(ReportBuilder::family, LinkedHashMap::new, Collectors.toList()));
        List<Comparison> comparisons = new ArrayList<>();
        Optional<ReportRow> raw = best(families.get("raw"));
        for (Map.Entry<String, List<ReportRow>> family : families.entrySet()) {
            String name = family.getKey();
            if (name.equals("raw")) {
                continue;
            }
            ReportRow best = best(family.getValue()).orElseThrow();
            if (!name.equals("pca")) {
                atK(families.get("pca"), best.k())
                        .flatMap(pca -> compare(Comparison.VS_PCA, best, pca, jobs)).ifPresent(comparisons::add);
            }
            raw.flatMap(r -> compare(Comparison.VS_RAW, best, r, jobs)).ifPresent(comparisons::add);
        }
        for (Map.Entry<String, List<ReportRow>> family : families.entrySet()) {
            if (!family.getKey().startsWith("dae")) {
                continue;
            }
            for (int k : new TreeSet<>(family.getValue().stream().map(ReportRow::k).toList())) {
                ReportRow dae = atK(family.getValue(), k).orElseThrow();
                atK(families.get("ae1"), k).flatMap(ae1 -> compare(Comparison.DAE_VS_AE1, dae, ae1, jobs))
                        .ifPresent(comparisons::add);
            }
        }
        return CorrectedFamily.of(comparisons, correction);
    }

    /** The family's configuration that validates best. */
    static Optional<ReportRow> best(List<ReportRow> family) {
        return family == null ? Optional.empty() : family.stream().max(ReportBuilder.byValidation());
    }

    /** The family's best-validating architecture at k. */
    static Optional<ReportRow> atK(List<ReportRow> family, int k) {
        return family == null ? Optional.empty()
                : family.stream().filter(r -> r.k() == k).max(ReportBuilder.byValidation());
    }

    /** a against b over the seeds both have; empty when they share none or their jobs cannot be paired. */
    static Optional<Comparison> compare(String kind, ReportRow a, ReportRow b, Map<String, JobRow> jobs) {
        Map<Integer, ReportRow.SeedResult> bByRepeat = b.perSeed().stream()
                .collect(Collectors.toMap(ReportRow.SeedResult::repeat, s -> s));
        List<ReportRow.SeedResult[]> pairs = a.perSeed().stream()
                .filter(s -> bByRepeat.containsKey(s.repeat()))
                .sorted(Comparator.comparingInt(ReportRow.SeedResult::repeat))
                .map(s -> new ReportRow.SeedResult[]{s, bByRepeat.get(s.repeat())}).toList();
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        PairedDifference result;
        if (pairs.size() == 1) {
            JobRow jobA = jobs.get(pairs.get(0)[0].jobId());
            JobRow jobB = jobs.get(pairs.get(0)[1].jobId());
            if (jobA == null || jobB == null || jobA.testCorrect() == null || jobB.testCorrect() == null
                    || jobA.testImages() != jobB.testImages()) {
                return Optional.empty();
            }
            BitSet correctA = jobA.correctTestImages();
            BitSet correctB = jobB.correctTestImages();
            result = PairedTests.mcnemar(correctA, correctB, jobA.testImages());
        } else {
            result = PairedTests.pairedT(pairs.stream().mapToDouble(p -> p[0].testAccuracy()).toArray(),
                    pairs.stream().mapToDouble(p -> p[1].testAccuracy()).toArray());
        }
        // a difference of two accuracies lies in [-1, 1]: a t-interval over few seeds can reach past that
        return Optional.of(Comparison.uncorrected(kind, Comparison.Side.of(a), Comparison.Side.of(b), result.clipped(-1, 1)));
    }
}
