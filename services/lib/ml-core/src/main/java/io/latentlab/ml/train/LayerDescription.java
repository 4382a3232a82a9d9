package io.latentlab.ml.train;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * One layer's configuration as a short stable string, e.g. {@code DenseLayer(784->400 ActivationSigmoid Adam)}.
 * Class names only, never {@code toString()} of DL4J objects, which may carry identity hashes that
 * differ between processes.
 */
final class LayerDescription {

    private LayerDescription() {
    }

    static String of(Layer layer) {
        StringBuilder s = new StringBuilder(layer.getClass().getSimpleName()).append('(');
        if (layer instanceof FeedForwardLayer ff) {
            s.append(ff.getNIn()).append("->").append(ff.getNOut());
        }
        if (layer instanceof BaseLayer base) {
            s.append(' ').append(name(base.getActivationFn())).append(' ').append(name(base.getIUpdater()));
        }
        if (layer instanceof BaseOutputLayer out) {
            s.append(' ').append(name(out.getLossFn()));
        }
        return s.append(')').toString();
    }

    private static String name(Object o) {
        return o == null ? "none" : o.getClass().getSimpleName();
    }
}
