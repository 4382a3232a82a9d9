package io.latentlab.evaluator.report;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        return family(row.reducer(), row.noise());
    }

    /** "pca", "ae1", "dae-20" (a denoising autoencoder with its noise in percent). */
    public static String family(String reducer, Double noise) {
        return noise == null ? reducer : reducer + "-" + Math.round(noise * 100);
    }

    /** How sentences and charts name a family: "raw pixels", "PCA", "AE-1", "AE-3", "DAE-20". */
    public static String displayName(String family) {
        return switch (family) {
            case "raw" -> "raw pixels";
            case "pca" -> "PCA";
            case "ae1" -> "AE-1";
            case "ae3" -> "AE-3";
            default -> family.startsWith("dae-") ? "DAE-" + family.substring(4) : family;
        };
    }

    /** "AE-3 at k=256 (A1)", "raw pixels (A2)". */
    public static String label(ReportRow row) {
        String name = displayName(family(row));
        return row.reducer().equals("raw") ? name + " (" + row.arch() + ")" : name + " at k=" + row.k() + " (" + row.arch() + ")";
    }

    /** The key of one configuration: reducer|noise|k|arch. */
    public static String configuration(String reducer, Double noise, int k, String arch) {
        return reducer + "|" + (noise == null ? "" : String.format(Locale.ROOT, "%.2f", noise)) + "|" + k + "|" + arch;
    }

    /** The configuration a study would pick: best mean validation accuracy, then test accuracy, then name. */
    public static Comparator<ReportRow> byValidation() {
        return Comparator.comparingDouble(ReportRow::valAccuracy).thenComparingDouble(ReportRow::testAccuracy)
                .thenComparing(ReportRow::arch, Comparator.reverseOrder());
    }

    private static int familyRank(String reducer) {
        int rank = FAMILY_ORDER.indexOf(reducer);
        return rank < 0 ? FAMILY_ORDER.size() : rank;
    }
}
