package io.latentlab.model.service;

import io.latentlab.ml.infer.RowClassifier;

/**
 * One trained classifier of a run: an architecture on one reducer's codes, with the accuracies of the job
 * that trained it (the run's first seed) as report.json gives them.
 *
 * @param bytes what it holds in memory (see {@link RunModels#bytes()})
 */
public record ClassifierModel(String arch, String jobId, double valAccuracy, double testAccuracy,
                              RowClassifier classifier, long bytes) {
}
