package io.latentlab.ml.train;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's flat updater state (for Adam: each block's {@code [m | v]}), whatever the updater, as a
 * checkpoint saves and restores it. A {@link LeanStep} keeps its moments to itself: call
 * {@link BatchStep#finish()} before reading.
 */
final class UpdaterState {

    private UpdaterState() {
    }

    /** The live state view (not a copy), or null when the updater keeps no state. */
    static INDArray view(MultiLayerNetwork net) {
        BaseMultiLayerUpdater<?> updater = updater(net);
        return updater == null ? null : updater.getStateViewArray();
    }

    /** Overwrites the state, so that the next update by fit() or a new LeanStep continues from it. */
    static void restore(MultiLayerNetwork net, INDArray state) {
        BaseMultiLayerUpdater<?> updater = updater(net);
        if (updater == null) {
            throw new IllegalStateException("the network's updater keeps no state to restore");
        }
        INDArray view = updater.getStateViewArray();
        view.assign(state.reshape(view.shape()));
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            block.setUpdaterViewRequiresInitialization(false); // or fit() would zero the state on its first update
        }
    }

    private static BaseMultiLayerUpdater<?> updater(MultiLayerNetwork net) {
        Updater updater = net.getUpdater(); // creates it on a fresh network, as fit() and LeanStep would
        return updater instanceof BaseMultiLayerUpdater<?> multi && multi.getStateViewArray() != null ? multi : null;
    }
}
