package io.latentlab.kit.plan;

import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunRequest;

import java.util.List;

/**
 * Which dataset a run request draws from and which of its classes: one home for the rule data-prep plans by and
 * the launcher stages by (docs/datasets.md "A request names its dataset").
 */
public final class RunDatasets {

    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The profile that runs the seed protocol on Fashion-MNIST. */
    public static final String FASHION_PROFILE = "fashion";

    private RunDatasets() {
    }

    /** The request's {@code dataset}; when empty its profile's ({@code fashion}: Fashion-MNIST), else MNIST. */
    public static String of(RunRequest request) {
        if (!request.getDataset().isEmpty()) {
            return request.getDataset();
        }
        return FASHION_PROFILE.equals(request.getProfile()) ? FASHION_MNIST : MNIST;
    }

    /**
     * The names of an accepted run's classes, in class-index order: the dataset's ({@code RunAccepted.source}); a run
     * accepted before datasets had names drew from MNIST, whose classes are named by their digits.
     */
    public static List<String> classNames(RunAccepted accepted) {
        return accepted.hasSource() ? accepted.getSource().getClassNamesList()
                : accepted.getRequest().getDigitsList().stream().map(String::valueOf).toList();
    }

    /** The label values the run uses: {@code classes}, or {@code digits} (the MNIST spelling of the same). */
    public static List<Integer> classes(RunRequest request) {
        return request.getClassesCount() > 0 ? request.getClassesList() : request.getDigitsList();
    }
}
