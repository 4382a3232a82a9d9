package io.latentlab.evaluator.report;

import java.util.BitSet;
import java.util.List;

/** Filed job rows for tests: a configuration at one seed whose first {@code correct} of {@code images} test images are right. */
public final class Jobs {

    private Jobs() {
    }

    public static JobRow job(String reducer, int k, String arch, Double noise, int repeat, double val, int correct, int images,
                      Double mse) {
        BitSet bits = new BitSet(images);
        bits.set(0, correct);
        return job(reducer, k, arch, noise, repeat, val, bits, images, mse);
    }

    static JobRow job(String reducer, int k, String arch, Double noise, int repeat, double val, BitSet correct, int images,
                      Double mse) {
        String family = noise == null ? reducer : "dae" + Math.round(noise * 100);
        String id = (reducer.equals("raw") ? "raw" : family + "-k" + k) + (repeat == 0 ? "" : "-s" + (repeat + 1)) + "-" + arch;
        int right = correct.cardinality();
        // two classes: the right ones on the diagonal
        int[][] confusion = {{right, images - right}, {0, 0}};
        return new JobRow(id, reducer, k, arch, noise, repeat, 100 + repeat, val, (double) right / images, images,
                JobRow.encode(correct), mse == null ? null : new ReportRow.Recon(mse * 0.9, mse * 0.95, mse), null,
                6, 4, 2.0 + repeat, 1.0, new int[][]{{(int) Math.round(val * 100), 100 - (int) Math.round(val * 100)}, {0, 0}},
                confusion, new double[]{0.5, 0.4}, new double[]{0.6, 0.5}, List.of(), null,
                new JobRow.Artifacts(new JobRow.Link("jobs/c/" + id + "/model.zip", "m", 1), null,
                        new JobRow.Link("jobs/c/" + id + "/test-predictions.npy", "p", 1),
                        new JobRow.Link("jobs/c/" + id + "/test-probabilities.npy", "q", 1), null),
                null, null, null, null);
    }
}
