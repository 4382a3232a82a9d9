package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.Estimate;
import io.latentlab.kit.report.Csv;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * report.csv: the rows of the report's "All classifiers" table, one per configuration, with their statistics over
 * the seeds (mean, sample standard deviation, 95 % interval and its method, n), for a spreadsheet, R or pandas.
 * RFC 4180: a header line, CRLF line ends, fields quoted (with doubled quotes) only when they hold a comma, a quote
 * or a line break; numbers with a '.' decimal point in any locale, as many digits as needed to read back the same
 * double; an empty field where the report has no value (raw pixels have no reconstruction error).
 */
public final class ReportCsv {

    private record Column(String name, Function<ReportRow, Object> value) {
    }

    private static final List<Column> COLUMNS = columns();

    private ReportCsv() {
    }

    public static String render(List<ReportRow> rows) {
        StringBuilder csv = new StringBuilder();
        Csv.record(csv, header());
        for (ReportRow row : rows) {
            Csv.record(csv, COLUMNS.stream().map(c -> field(c.value().apply(row))).toList());
        }
        return csv.toString();
    }

    /** The header, in order. */
    public static List<String> header() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("family", ReportBuilder::family));
        columns.add(new Column("reducer", ReportRow::reducer));
        columns.add(new Column("noise", ReportRow::noise));
        columns.add(new Column("k", ReportRow::k));
        columns.add(new Column("arch", ReportRow::arch));
        columns.add(new Column("n", ReportRow::n));
        estimate(columns, "valAccuracy", ReportRow::valAccuracy, r -> r.stats() == null ? null : r.stats().valAccuracy());
        estimate(columns, "testAccuracy", ReportRow::testAccuracy, r -> r.stats() == null ? null : r.stats().testAccuracy());
        columns.add(new Column("reconMseTrain", r -> r.reconMse() == null ? null : r.reconMse().train()));
        columns.add(new Column("reconMseVal", r -> r.reconMse() == null ? null : r.reconMse().val()));
        estimate(columns, "reconMseTest", r -> r.reconMse() == null ? null : r.reconMse().test(),
                r -> r.stats() == null ? null : r.stats().reconMseTest());
        columns.add(new Column("explainedVariance", ReportRow::explainedVariance));
        columns.add(new Column("epochs", ReportRow::epochs));
        columns.add(new Column("bestEpoch", ReportRow::bestEpoch));
        columns.add(new Column("trainSeconds", ReportRow::trainSeconds));
        columns.add(new Column("reducerSeconds", ReportRow::reducerSeconds));
        columns.add(new Column("cachedFrom", ReportRow::cachedFrom));
        columns.add(new Column("jobId", ReportRow::jobId));
        return List.copyOf(columns);
    }

    /** name (the mean), nameStd, nameCi95Low, nameCi95High, nameCiMethod. */
    private static void estimate(List<Column> columns, String name, Function<ReportRow, Object> mean,
                                 Function<ReportRow, Estimate> estimate) {
        columns.add(new Column(name, mean));
        columns.add(new Column(name + "Std", r -> estimate.apply(r) == null ? null : estimate.apply(r).std()));
        columns.add(new Column(name + "Ci95Low", r -> bound(estimate.apply(r), 0)));
        columns.add(new Column(name + "Ci95High", r -> bound(estimate.apply(r), 1)));
        columns.add(new Column(name + "CiMethod", r -> estimate.apply(r) == null ? null : estimate.apply(r).method()));
    }

    private static Double bound(Estimate estimate, int side) {
        return estimate == null || estimate.ci95() == null ? null : estimate.ci95().get(side);
    }

    /** A field's text, unquoted ({@link Csv#record} quotes): doubles in full, never an exponent nor a decimal comma. */
    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            // shortest digits that read back as the same double
            return Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : "";
        }
        return value.toString();
    }
}
