package io.latentlab.ml.infer;

import io.latentlab.ml.classify.Standardizer;
import io.latentlab.ml.classify.TrainedClassifier;
import io.latentlab.ml.data.FloatMatrix;

/**
 * A trained classifier for one row of features at a time, in plain Java (see {@link DenseStack}): standardized
 * with the training split's statistics it was stored with, then the network's softmax.
 */
public final class RowClassifier {

    private final Standardizer standardizer;
    private final DenseStack network;

    private RowClassifier(Standardizer standardizer, DenseStack network) {
        this.standardizer = standardizer;
        this.network = network;
    }

    public static RowClassifier of(TrainedClassifier classifier) {
        return new RowClassifier(classifier.standardizer(),
                DenseStack.of(classifier.network(), 0, classifier.network().getnLayers()));
    }

    /** Class probabilities of one row of raw (unstandardized) features. */
    public float[] probabilities(float[] features) {
        return network.apply(standardizer.apply(new FloatMatrix(1, features.length, features)).data());
    }
}
