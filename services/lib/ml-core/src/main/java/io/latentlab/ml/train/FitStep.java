package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** DL4J's own update: {@code MultiLayerNetwork.fit} on the minibatch. */
public final class FitStep implements BatchStep {

    private final MultiLayerNetwork net;

    public FitStep(MultiLayerNetwork net) {
        this.net = net;
    }

    @Override
    public double step(INDArray x, INDArray y) {
        net.fit(new DataSet(x, y));
        return net.score();
    }

    @Override
    public double score(INDArray x, INDArray y) {
        return net.score(new DataSet(x, y));
    }
}
