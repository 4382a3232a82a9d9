package io.latentlab.kit.plan;

import io.latentlab.proto.Architecture;
import io.latentlab.proto.RunRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * What a job is expected to cost before it runs, in giga multiply-adds: the scheduling rule's measure.
 * A dense network costs about 3 x (sum of in x out over its layers) per training row and epoch (forward,
 * backward, gradient) plus 1 x per validation row; autoencoders are expected to use all their epochs
 * (they never stop early in the study), classifiers a third of theirs. PCA is one pass of a
 * 784 x 784 covariance. Only the order matters: a reducer job's priority is the cost of the longest chain
 * it starts (its own training plus its dearest classifier), and its classifier jobs inherit it.
 */
public final class ExpectedCost {

    /** Classifiers stop early: the seed study's classifiers used about a third of their 100 epochs. */
    static final double CLASSIFIER_EPOCH_SHARE = 1.0 / 3;

    private ExpectedCost() {
    }

    /** The priority of a reducer job: its cost plus that of its dearest classifier. */
    public static double chain(RunRequest request, String kind, int k) {
        double dearestClassifier = request.getArchitecturesList().stream()
                .mapToDouble(a -> classifier(request, codeWidth(kind, k), a)).max().orElse(0);
        return reducer(request, kind, k) + dearestClassifier;
    }

    public static double reducer(RunRequest request, String kind, int k) {
        long train = trainRows(request);
        long val = valRows(request);
        return switch (kind) {
            case "raw" -> 0;
            case "pca" -> giga(train * JobPlanner.PIXELS * (long) JobPlanner.PIXELS);
            default -> request.getReducerTraining().getMaxEpochs() * epoch(autoencoderWidths(kind, k), train, val);
        };
    }

    public static double classifier(RunRequest request, int inputs, Architecture architecture) {
        int[] widths = classifierWidths(inputs, architecture, request.getDigitsCount());
        return request.getTraining().getMaxEpochs() * CLASSIFIER_EPOCH_SHARE
                * epoch(widths, trainRows(request), valRows(request));
    }

    /** Layer widths from input to output of a reducer's autoencoder (AE-3: 784-400-k-400-784, AE-1 and DAE: 784-k-784). */
    public static int[] autoencoderWidths(String kind, int k) {
        int p = JobPlanner.PIXELS;
        return kind.equals("ae3") ? new int[] {p, 400, k, 400, p} : new int[] {p, k, p};
    }

    public static int[] classifierWidths(int inputs, Architecture architecture, int classes) {
        List<Integer> widths = new ArrayList<>();
        widths.add(inputs);
        widths.addAll(architecture.getHiddenList());
        widths.add(classes);
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Width of a reducer's codes: k, or the 784 pixels of "raw". */
    public static int codeWidth(String kind, int k) {
        return kind.equals("raw") ? JobPlanner.PIXELS : k;
    }

    /** One epoch: training (3 passes) on the training rows and a forward pass on the validation rows. */
    public static double epoch(int[] widths, long trainRows, long valRows) {
        long weights = 0;
        for (int i = 1; i < widths.length; i++) {
            weights += (long) widths[i - 1] * widths[i];
        }
        return giga(weights * (3 * trainRows + valRows));
    }

    private static long trainRows(RunRequest request) {
        return (long) request.getSplit().getTrainPerDigit() * request.getDigitsCount();
    }

    private static long valRows(RunRequest request) {
        return (long) request.getSplit().getValPerDigit() * request.getDigitsCount();
    }

    private static double giga(long multiplyAdds) {
        return multiplyAdds / 1e9;
    }
}
