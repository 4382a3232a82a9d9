package io.latentlab.evaluator.report;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orders rows the way the study reads them and picks each family's best configuration. */
public final class ReportBuilder {

    private static final List<String> FAMILY_ORDER = List.of("raw", "pca", "ae1", "ae3", "dae");

    private ReportBuilder() {
    }

    public static List<ReportRow> ordered(List<ReportRow> rows) {
        return rows.stream().sorted(Comparator
                .comparingInt((ReportRow r) -> familyRank(r.reducer()))
                .thenComparing(r -> r.noise() == null ? 0.0 : r.noise())
                .thenComparingInt(ReportRow::k)
                .thenComparing(ReportRow::arch)).toList();
    }

    /** Best row per family (reducer and noise) by validation accuracy; test accuracy breaks ties. */
    public static List<ReportRow> bestPerFamily(List<ReportRow> rows) {
        Map<String, ReportRow> best = new LinkedHashMap<>();
        Comparator<ReportRow> byValidation = Comparator.comparingDouble(ReportRow::valAccuracy)
                .thenComparingDouble(ReportRow::testAccuracy);
        for (ReportRow row : ordered(rows)) {
            best.merge(family(row), row, (a, b) -> byValidation.compare(b, a) > 0 ? b : a);
        }
        return List.copyOf(best.values());
    }

    /** Every picture the rows name, once each (a reducer's pictures appear in each of its classifiers' rows). */
    public static List<PictureRef> distinctPictures(List<ReportRow> rows) {
        Map<String, PictureRef> byName = new LinkedHashMap<>();
        for (ReportRow row : ordered(rows)) {
            for (PictureRef picture : row.pictures()) {
                byName.putIfAbsent(picture.name(), picture);
            }
        }
        return List.copyOf(byName.values());
    }

    public static String family(ReportRow row) {
        return row.noise() == null ? row.reducer() : row.reducer() + "-" + Math.round(row.noise() * 100);
    }

    private static int familyRank(String reducer) {
        int rank = FAMILY_ORDER.indexOf(reducer);
        return rank < 0 ? FAMILY_ORDER.size() : rank;
    }
}
