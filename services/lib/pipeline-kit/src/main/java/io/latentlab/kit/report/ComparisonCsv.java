package io.latentlab.kit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RunComparison} as CSV ({@code GET /api/compare?format=csv}, {@code ./latentlab compare --csv}): one record
 * per configuration every run has, the configuration's columns, then each run's columns headed
 * {@code <runId>:<column>}: accuracies as fractions, the interval's ends, test reconstruction MSE, seconds and,
 * after the baseline, the difference from it in points and whether it is beyond noise. Configurations only some
 * runs have are not rows (the JSON and the text list them).
 */
public final class ComparisonCsv {

    static final List<String> CONFIGURATION = List.of("configuration", "reducer", "noise", "k", "arch");
    static final List<String> PER_RUN = List.of("dataset", "n", "valAccuracy", "testAccuracy", "testCi95Low", "testCi95High",
            "reconMseTest", "trainSeconds");
    static final List<String> PER_LATER_RUN = List.of("testDifferencePoints", "reconMseTestDifference", "beyondNoise");

    private ComparisonCsv() {
    }

    public static String render(RunComparison.Result result) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(CONFIGURATION);
        for (int i = 0; i < result.runs().size(); i++) {
            String runId = result.runs().get(i).runId();
            PER_RUN.forEach(column -> header.add(runId + ":" + column));
            if (i > 0) {
                PER_LATER_RUN.forEach(column -> header.add(runId + ":" + column));
            }
        }
        Csv.record(out, header);
        for (RunComparison.Row row : result.rows()) {
            List<String> fields = new ArrayList<>(List.of(row.label(), row.reducer(), Csv.number(row.noise()),
                    String.valueOf(row.k()), row.arch()));
            for (int i = 0; i < row.cells().size(); i++) {
                RunComparison.Cell cell = row.cells().get(i);
                List<Double> ci = cell.testCi95();
                fields.addAll(List.of(result.runs().get(i).dataset().name(), String.valueOf(cell.n()),
                        Csv.number(cell.valAccuracy()), Csv.number(cell.testAccuracy()),
                        ci == null ? "" : Csv.number(ci.get(0)), ci == null ? "" : Csv.number(ci.get(1)),
                        Csv.number(cell.reconMseTest()), Csv.number(cell.trainSeconds())));
                if (i > 0) {
                    fields.addAll(List.of(Csv.number(cell.testDifferencePoints()), Csv.number(cell.reconMseTestDifference()),
                            cell.beyondNoise() == null ? "" : cell.beyondNoise().toString()));
                }
            }
            Csv.record(out, fields);
        }
        return out.toString();
    }
}
