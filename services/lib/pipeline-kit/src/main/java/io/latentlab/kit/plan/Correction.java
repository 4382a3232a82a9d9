package io.latentlab.kit.plan;

import io.latentlab.proto.RunRequest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The multiple-comparison correction a request asks for ({@code "correction"}): how the evaluator adjusts the
 * p-values of the verdict's paired comparisons before it calls any of them different. Holm's step-down
 * procedure (family-wise error rate) unless the request names {@code "bh"}, Benjamini–Hochberg (false discovery
 * rate). Data-prep rejects any other name; the arithmetic is the evaluator's {@code stats.MultipleComparisons}.
 */
public enum Correction {

    HOLM("holm", "Holm's step-down correction", "Holm-adjusted"),
    BH("bh", "the Benjamini\u2013Hochberg correction", "BH-adjusted");

    private final String requestName;
    private final String description;
    private final String adjective;

    Correction(String requestName, String description, String adjective) {
        this.requestName = requestName;
        this.description = description;
        this.adjective = adjective;
    }

    /** How a request and report.json spell it: "holm", "bh". */
    public String requestName() {
        return requestName;
    }

    /** "Holm's step-down correction", as a sentence names it. */
    public String description() {
        return description;
    }

    /** "Holm-adjusted", before "p". */
    public String adjective() {
        return adjective;
    }

    /** The correction of a request's spelling; empty means the default, Holm; unknown names are empty. */
    public static Optional<Correction> named(String name) {
        if (name.isEmpty()) {
            return Optional.of(HOLM);
        }
        return Arrays.stream(values()).filter(c -> c.requestName.equals(name)).findFirst();
    }

    /** The request's correction (Holm when it names none or, past validation, one this code does not know). */
    public static Correction of(RunRequest request) {
        return named(request.getCorrection()).orElse(HOLM);
    }

    /** "holm, bh", for a rejection's reason. */
    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(Correction::requestName).toList());
    }
}
