package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.PairedDifference;
import io.latentlab.kit.plan.Correction;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.latentlab.evaluator.report.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The comparisons the study makes and the sentences built on them, for one seed and for three. */
class VerdictTest {

    private static BitSet range(int from, int to) {
        BitSet bits = new BitSet();
        bits.set(from, to);
        return bits;
    }

    @Test
    void oneSeedComparesOnTheSameImagesWithMcNemarAndSaysWhatIsWithinNoise() {
        // 250 test images. raw right on 0-229, PCA k=64 on 0-224, AE-1 k=64 on 0-234.
        // AE-1 vs PCA: 10 vs 0 discordant -> exact p = 2/2^10 = 0.00195; d = 0.04; Clopper-Pearson 10 of 10
        //   (Python bisection, see PairedTestsTest): 0.6915029 .. 1 -> 10/250 (2 pi - 1) = 0.0153202 .. 0.04: different.
        // AE-1 vs raw: 5 vs 0 -> p = 2/2^5 = 0.0625, CI -0.0008730 .. 0.02; PCA vs raw: the reverse: within noise.
        // Holm over the three: 3 x 0.001953125 = 0.005859375, then max(2 x 0.0625, that) = 0.125 for both others.
        List<JobRow> jobs = List.of(
                job("raw", 784, "A1", null, 0, 0.95, range(0, 230), 250, null),
                job("pca", 64, "A1", null, 0, 0.94, range(0, 225), 250, 0.02),
                job("ae1", 64, "A1", null, 0, 0.96, range(0, 235), 250, 0.01));
        List<ReportRow> rows = Configurations.aggregate(jobs);
        List<Comparison> comparisons = StudyComparisons.of(rows, byId(jobs), Correction.HOLM);

        assertThat(comparisons).extracting(Comparison::kind, c -> c.a().label(), c -> c.b().label()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Comparison.VS_RAW, "PCA at k=64 (A1)", "raw pixels (A1)"),
                org.assertj.core.groups.Tuple.tuple(Comparison.VS_PCA, "AE-1 at k=64 (A1)", "PCA at k=64 (A1)"),
                org.assertj.core.groups.Tuple.tuple(Comparison.VS_RAW, "AE-1 at k=64 (A1)", "raw pixels (A1)"));
        PairedDifference aeVsPca = comparisons.get(1).result();
        assertThat(aeVsPca.test()).isEqualTo(PairedDifference.MCNEMAR);
        assertThat(aeVsPca.pValue()).isCloseTo(0.001953125, within(1e-12));
        assertThat(aeVsPca.ci95().get(0)).isCloseTo(0.0153202, within(1e-7));
        assertThat(aeVsPca.significant()).isTrue();
        assertThat(comparisons.get(0).result().pValue()).isCloseTo(0.0625, within(1e-12));
        assertThat(comparisons.get(0).result().significant()).isFalse();
        assertThat(comparisons).extracting(Comparison::pAdjusted, Comparison::correction).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0.125, "holm"), org.assertj.core.groups.Tuple.tuple(0.005859375, "holm"),
                org.assertj.core.groups.Tuple.tuple(0.125, "holm"));

        List<String> verdict = Verdict.of(List.of(42L), 250, rows, comparisons);

        assertThat(verdict.get(0)).startsWith("One seed (42) on 250 test images").contains("McNemar's exact test",
                "not the seed-to-seed variation");
        // Wilson 235/250 (formula of EstimatesTest): 0.9033771 .. 0.9633056
        assertThat(verdict).contains("Highest mean test accuracy: AE-1 at k=64 (A1), 94.00 % (95 % CI 90.34 % to 96.33 %).",
                "AE-1 at k=64 (A1) beats PCA at k=64 (A1) by 4.00 points (95 % CI +1.53 to +4.00; "
                        + "McNemar's exact test, p = 0.002, Holm-adjusted p = 0.006).",
                "PCA at k=64 and AE-1 at k=64 are within noise of raw pixels (A1): PCA at k=64 (A1) (\u22122.00 points, "
                        + "95 % CI \u22122.00 to +0.09, p = 0.063, Holm-adjusted p = 0.125); AE-1 at k=64 (A1) (+2.00 points, "
                        + "95 % CI \u22120.09 to +2.00, p = 0.063, Holm-adjusted p = 0.125).",
                "1 of 3 comparisons differ at the 5 % level after Holm's step-down correction over the 3 comparisons "
                        + "(adjusted p < 0.05 and a 95 % interval that excludes 0): the chance of calling any truly equal "
                        + "pair different stays at most 5 %.");
        assertThat(verdict).noneMatch(s -> s.contains("beats raw") || s.contains("trails raw"));
    }

    @Test
    void severalSeedsUseThePairedTOverThePerSeedDifferences() {
        // AE-3 k=64 on 1000 images per seed: 960, 964, 962 right; PCA k=64: 950, 955, 951.
        // differences 0.010, 0.009, 0.011: mean 0.010, s = 0.001, t = 0.010 / (0.001 / sqrt 3) = 17.3205, df 2;
        // for 2 df the two-sided p is 1 - t / sqrt(t^2 + 2) = 0.0033168; CI 0.010 -/+ 4.302653 * 0.001 / sqrt 3
        // = 0.0075159 .. 0.0124841. DAE-20 k=64 vs AE-1 k=64: 955, 950, 960 vs 952, 956, 951:
        // differences 0.003, -0.006, 0.009 -> t = 0.4804, within noise. AE-1 and DAE-20 vs PCA: p = 0.225 and 0.546
        // (the same formula), so AE-3's p is the smallest of four and Holm multiplies it by 4: 0.0132672.
        List<JobRow> jobs = List.of(
                job("pca", 64, "A1", null, 0, 0.90, 950, 1000, 0.02),
                job("pca", 64, "A1", null, 1, 0.90, 955, 1000, 0.02),
                job("pca", 64, "A1", null, 2, 0.90, 951, 1000, 0.02),
                job("ae3", 64, "A1", null, 0, 0.91, 960, 1000, 0.015),
                job("ae3", 64, "A1", null, 1, 0.91, 964, 1000, 0.015),
                job("ae3", 64, "A1", null, 2, 0.91, 962, 1000, 0.015),
                job("ae1", 64, "A1", null, 0, 0.92, 952, 1000, 0.015),
                job("ae1", 64, "A1", null, 1, 0.92, 956, 1000, 0.015),
                job("ae1", 64, "A1", null, 2, 0.92, 951, 1000, 0.015),
                job("dae", 64, "A1", 0.2, 0, 0.90, 955, 1000, 0.018),
                job("dae", 64, "A1", 0.2, 1, 0.90, 950, 1000, 0.018),
                job("dae", 64, "A1", 0.2, 2, 0.90, 960, 1000, 0.018));
        List<ReportRow> rows = Configurations.aggregate(jobs);
        List<Comparison> comparisons = StudyComparisons.of(rows, byId(jobs), Correction.HOLM);

        Comparison ae3 = comparisons.stream().filter(c -> c.a().family().equals("ae3")).findFirst().orElseThrow();
        assertThat(ae3.result().test()).isEqualTo(PairedDifference.PAIRED_T);
        assertThat(ae3.result().n()).isEqualTo(3);
        assertThat(ae3.result().statistic()).isCloseTo(17.3205, within(1e-4));
        assertThat(ae3.result().pValue()).isCloseTo(0.0033168, within(1e-7));
        assertThat(ae3.result().ci95().get(0)).isCloseTo(0.0075159, within(1e-7));
        assertThat(comparisons).hasSize(4);
        assertThat(ae3.pAdjusted()).isCloseTo(4 * 0.0033168, within(4e-7));
        Comparison dae = comparisons.stream().filter(c -> c.kind().equals(Comparison.DAE_VS_AE1)).findFirst().orElseThrow();
        assertThat(dae.a().label()).isEqualTo("DAE-20 at k=64 (A1)");
        assertThat(dae.result().significant()).isFalse();

        List<String> verdict = Verdict.of(List.of(100L, 101L, 102L), 1000, rows, comparisons);
        assertThat(verdict.get(0)).isEqualTo("3 seeds (100, 101, 102) on 1000 test images each: means with 95 % "
                + "t-intervals over the seeds; differences are tested with a paired t-test on the per-seed differences "
                + "at the 5 % level.");
        assertThat(verdict).contains("AE-3 at k=64 (A1) beats PCA at k=64 (A1) by 1.00 ± 0.25 points (95 % CI +0.75 "
                + "to +1.25; paired t-test over 3 seeds, p = 0.003, Holm-adjusted p = 0.013).");
        assertThat(verdict).anySatisfy(s -> assertThat(s).startsWith("DAE-20 at k=64 is within noise of AE-1 at the same k: "));
        // every "beats"/"trails" sentence is a significant comparison
        long claims = verdict.stream().filter(s -> s.contains(" beats ") || s.contains(" trails ")).count();
        assertThat(claims).isEqualTo(comparisons.stream().filter(c -> c.result().significant()).count());
    }

    @Test
    void theSameDifferenceInEverySeedIsNotClaimed() {
        // 250 images per seed: DAE-20 is 2 images ahead of AE-1 in each of three seeds; no spread, no claim
        List<JobRow> jobs = List.of(
                job("ae1", 256, "A1", null, 0, 0.95, 237, 250, 0.03),
                job("ae1", 256, "A1", null, 1, 0.95, 237, 250, 0.03),
                job("ae1", 256, "A1", null, 2, 0.95, 236, 250, 0.03),
                job("dae", 256, "A1", 0.2, 0, 0.95, 239, 250, 0.03),
                job("dae", 256, "A1", 0.2, 1, 0.95, 239, 250, 0.03),
                job("dae", 256, "A1", 0.2, 2, 0.95, 238, 250, 0.03));
        List<ReportRow> rows = Configurations.aggregate(jobs);
        List<Comparison> comparisons = StudyComparisons.of(rows, byId(jobs), Correction.HOLM);
        assertThat(comparisons).hasSize(1);
        assertThat(comparisons.get(0).result().significant()).isFalse();

        List<String> verdict = Verdict.of(List.of(1L, 2L, 3L), 250, rows, comparisons);
        assertThat(verdict).contains("DAE-20 at k=256 is within noise of AE-1 at the same k: DAE-20 at k=256 (A1) "
                + "(+0.80 points in each of the 3 seeds: no spread to test the difference against, so outside the "
                + "correction's family).", "0 of 1 comparisons differ: none has a p-value (the same difference at every "
                + "seed), so there is nothing to test or correct.");
        assertThat(comparisons.get(0).pAdjusted()).isNull();
        assertThat(comparisons.get(0).correction()).isNull();
        assertThat(verdict).noneMatch(s -> s.contains(" beats ") || s.contains(" trails "));
    }

    @Test
    void aDifferenceSignificantAloneButNotAfterHolmIsWithinNoiseAndBhMayKeepIt() {
        // 250 test images, one seed. raw right on 0-229, PCA k=64 on 0-223, AE-1 k=64 on 0-229.
        // PCA vs raw and AE-1 vs PCA: 6 vs 0 discordant -> McNemar exact p = 2/2^6 = 0.03125 each, and the
        // Clopper-Pearson interval of 6 of 6 (lower 0.025^(1/6) = 0.5407) gives 6/250 (2 x 0.5407 - 1) = +0.0020
        // as the difference's lower bound: each alone is significant. AE-1 vs raw: 0 discordant, p = 1.
        // Holm (m = 3): 3 x 0.03125 = 0.09375, max(2 x 0.03125, 0.09375) = 0.09375, max(1, ...) = 1 -> within noise.
        // BH: 3/3 x 1 = 1, min(3/2 x 0.03125, 1) = 0.046875, min(3/1 x 0.03125, 0.046875) = 0.046875 -> different.
        List<JobRow> jobs = List.of(
                job("raw", 784, "A1", null, 0, 0.95, range(0, 230), 250, null),
                job("pca", 64, "A1", null, 0, 0.94, range(0, 224), 250, 0.02),
                job("ae1", 64, "A1", null, 0, 0.96, range(0, 230), 250, 0.01));
        List<ReportRow> rows = Configurations.aggregate(jobs);

        List<Comparison> holm = StudyComparisons.of(rows, byId(jobs), Correction.HOLM);
        assertThat(holm).extracting(c -> c.result().pValue()).containsExactly(0.03125, 0.03125, 1.0);
        assertThat(holm).extracting(Comparison::pAdjusted).containsExactly(0.09375, 0.09375, 1.0);
        assertThat(holm).noneMatch(c -> c.result().significant());
        List<String> verdict = Verdict.of(List.of(42L), 250, rows, holm);
        assertThat(verdict).noneMatch(s -> s.contains(" beats ") || s.contains(" trails "));
        assertThat(verdict).anySatisfy(s -> assertThat(s).startsWith("AE-1 at k=64 is within noise of PCA at the same k: ")
                .contains("p = 0.031, Holm-adjusted p = 0.094"));
        assertThat(verdict).last().asString().startsWith("0 of 3 comparisons differ at the 5 % level after Holm's "
                + "step-down correction over the 3 comparisons");

        List<Comparison> bh = StudyComparisons.of(rows, byId(jobs), Correction.BH);
        assertThat(bh).extracting(Comparison::pAdjusted).containsExactly(0.046875, 0.046875, 1.0);
        assertThat(bh).extracting(Comparison::correction).containsOnly("bh");
        assertThat(bh).extracting(c -> c.result().significant()).containsExactly(true, true, false);
        List<String> bhVerdict = Verdict.of(List.of(42L), 250, rows, bh);
        assertThat(bhVerdict).contains("PCA at k=64 (A1) trails raw pixels (A1) by 2.40 points (95 % CI \u22122.40 to "
                + "\u22120.20; McNemar's exact test, p = 0.031, BH-adjusted p = 0.047).");
        assertThat(bhVerdict).last().asString().isEqualTo("2 of 3 comparisons differ at the 5 % level after the "
                + "Benjamini\u2013Hochberg correction over the 3 comparisons (adjusted p < 0.05 and a 95 % interval that "
                + "excludes 0): at most 5 % of the differences called real are expected to be false, on average.");
    }

    @Test
    void nothingToCompareClaimsNothing() {
        List<JobRow> jobs = List.of(job("raw", 784, "A1", null, 0, 0.95, 230, 250, null));
        List<ReportRow> rows = Configurations.aggregate(jobs);
        List<String> verdict = Verdict.of(List.of(7L), 250, rows, StudyComparisons.of(rows, byId(jobs), Correction.HOLM));
        assertThat(verdict).last().asString().contains("no difference is claimed");
    }

    private static Map<String, JobRow> byId(List<JobRow> jobs) {
        return jobs.stream().collect(Collectors.toMap(JobRow::jobId, Function.identity()));
    }
}
