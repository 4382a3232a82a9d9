package io.latentlab.model.service;

import java.util.List;

/**
 * The answer to one image: what the classifiers on raw pixels say, and for every reducer × k of the run its code,
 * reconstruction and classifiers' answers.
 *
 * @param digits     the label values of the run's classes (MNIST: the digits), in class-index order
 * @param classNames their names (the dataset's, e.g. "T-shirt/top"; MNIST's: the digits as text)
 * @param input the image as it was encoded (with the noise, when asked for), as a PNG data URL
 */
public record Prediction(String runId, List<Integer> digits, List<String> classNames, double noise, long seed, String input,
                         ReducerAnswer raw, List<ReducerAnswer> reducers) {

    /**
     * One reducer at one k. For raw pixels code and reconstruction are null and mse is 0.
     *
     * @param mse           mean squared error of the reconstruction against the clean input
     * @param architectures every architecture's answer when asked for ({@code all=true}), else empty
     */
    public record ReducerAnswer(String model, String reducer, int k, Double noiseFactor, float[] code,
                                float[] reconstruction, String reconstructionPng, double mse,
                                ClassifierAnswer best, List<ClassifierAnswer> architectures) {
    }

    /**
     * One classifier's answer: the most probable class (its label value {@code digit} and its {@code className}),
     * its probability and the probability of every class (in the order of {@code digits}); valAccuracy and
     * testAccuracy are the report's.
     */
    public record ClassifierAnswer(String arch, String jobId, double valAccuracy, double testAccuracy, int digit,
                                   String className, float probability, float[] probabilities) {
    }
}
