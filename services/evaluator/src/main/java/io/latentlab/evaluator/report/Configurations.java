package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.Estimate;
import io.latentlab.evaluator.stats.Estimates;
import org.apache.commons.statistics.descriptive.Mean;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Folds the filed jobs (one per configuration and seed) into the report's rows, one per configuration. */
public final class Configurations {

    private Configurations() {
    }

    public static List<ReportRow> aggregate(List<JobRow> jobs) {
        Map<String, List<JobRow>> byConfiguration = new LinkedHashMap<>();
        for (JobRow job : jobs) {
            byConfiguration.computeIfAbsent(job.configuration(), key -> new ArrayList<>()).add(job);
        }
        List<ReportRow> rows = new ArrayList<>();
        for (List<JobRow> seeds : byConfiguration.values()) {
            seeds.sort(Comparator.comparingInt(JobRow::repeat));
            rows.add(row(seeds));
        }
        return ReportBuilder.ordered(rows);
    }

    static ReportRow row(List<JobRow> seeds) {
        JobRow first = seeds.get(0);
        double[] val = values(seeds, JobRow::valAccuracy);
        double[] test = values(seeds, JobRow::testAccuracy);
        Estimate testAccuracy = Estimates.accuracy(test, trace(first.confusionTest()), total(first.confusionTest()));
        Estimate valAccuracy = Estimates.accuracy(val, trace(first.confusionVal()), total(first.confusionVal()));
        boolean reconstructs = seeds.stream().allMatch(s -> s.reconMse() != null);
        ReportRow.Recon recon = null;
        Estimate reconMseTest = null;
        if (reconstructs) {
            double[] mseTest = values(seeds, s -> s.reconMse().test());
            reconMseTest = Estimates.overSeeds(mseTest).clipped(0, Double.POSITIVE_INFINITY);
            recon = new ReportRow.Recon(mean(values(seeds, s -> s.reconMse().train())),
                    mean(values(seeds, s -> s.reconMse().val())), reconMseTest.mean());
        }
        Double explained = seeds.stream().allMatch(s -> s.explainedVariance() != null)
                ? mean(values(seeds, JobRow::explainedVariance)) : null;
        List<ReportRow.SeedResult> perSeed = seeds.stream().map(s -> new ReportRow.SeedResult(s.repeat(), s.seed(),
                s.jobId(), s.valAccuracy(), s.testAccuracy(), s.reconMse() == null ? null : s.reconMse().test(),
                s.epochs())).toList();
        return new ReportRow(first.jobId(), first.reducer(), first.k(), first.arch(), first.noise(),
                valAccuracy.mean(), testAccuracy.mean(), recon, explained, first.epochs(), first.bestEpoch(),
                mean(values(seeds, JobRow::trainSeconds)), mean(values(seeds, JobRow::reducerSeconds)),
                sum(seeds, JobRow::confusionVal), sum(seeds, JobRow::confusionTest), first.trainLoss(), first.valLoss(),
                first.pictures(), first.cachedFrom(), seeds.size(),
                new ReportRow.Stats(testAccuracy, valAccuracy, reconMseTest), perSeed);
    }

    private static double[] values(List<JobRow> seeds, ToDoubleFunction<JobRow> value) {
        return seeds.stream().mapToDouble(value).toArray();
    }

    private static double mean(double[] values) {
        return Mean.of(values).getAsDouble();
    }

    private static int trace(int[][] confusion) {
        int correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return correct;
    }

    private static int total(int[][] confusion) {
        int total = 0;
        for (int[] line : confusion) {
            for (int count : line) {
                total += count;
            }
        }
        return total;
    }

    private static int[][] sum(List<JobRow> seeds, java.util.function.Function<JobRow, int[][]> matrix) {
        int[][] first = matrix.apply(seeds.get(0));
        int[][] total = new int[first.length][];
        for (int i = 0; i < first.length; i++) {
            total[i] = first[i].clone();
        }
        for (JobRow seed : seeds.subList(1, seeds.size())) {
            int[][] m = matrix.apply(seed);
            for (int i = 0; i < total.length; i++) {
                for (int j = 0; j < total[i].length; j++) {
                    total[i][j] += m[i][j];
                }
            }
        }
        return total;
    }
}
