package io.latentlab.ml.train;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Moves Adam's moments between {@link FusedAdam} and DL4J's updater state, so that {@code fit()} and
 * the lean step can take over from each other and a saved model carries the moments it was trained
 * with. DL4J groups parameters with equal updater settings into blocks; each block's slice of the
 * state view holds {@code [m | v]} over the block's parameters.
 */
final class Dl4jAdamState {

    private Dl4jAdamState() {
    }

    /** Loads DL4J's moments into {@code adam}; a network that has never been updated has none, and adam keeps zeros. */
    static void load(MultiLayerNetwork net, FusedAdam adam) {
        BaseMultiLayerUpdater<?> updater = updater(net);
        if (updater == null || net.getIterationCount() == 0) {
            return;
        }
        INDArray state = flat(updater.getStateViewArray());
        INDArray m = Nd4j.zeros(state.dataType(), net.numParams());
        INDArray v = Nd4j.zeros(state.dataType(), net.numParams());
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            long n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            long at = block.getUpdaterViewOffsetStart();
            params(m, block).assign(state.get(NDArrayIndex.interval(at, at + n)));
            params(v, block).assign(state.get(NDArrayIndex.interval(at + n, at + 2 * n)));
        }
        adam.loadMoments(m, v);
    }

    /** Writes {@code adam}'s moments into DL4J's updater state. */
    static void store(MultiLayerNetwork net, FusedAdam adam) {
        BaseMultiLayerUpdater<?> updater = updater(net);
        if (updater == null) {
            return;
        }
        INDArray state = flat(updater.getStateViewArray());
        INDArray m = Nd4j.zeros(state.dataType(), net.numParams());
        INDArray v = Nd4j.zeros(state.dataType(), net.numParams());
        adam.storeMoments(m, v);
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            long n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            long at = block.getUpdaterViewOffsetStart();
            state.get(NDArrayIndex.interval(at, at + n)).assign(params(m, block));
            state.get(NDArrayIndex.interval(at + n, at + 2 * n)).assign(params(v, block));
            block.setUpdaterViewRequiresInitialization(false); // or fit() would zero them on its next update
        }
    }

    private static BaseMultiLayerUpdater<?> updater(MultiLayerNetwork net) {
        Updater updater = net.getUpdater();
        if (!(updater instanceof BaseMultiLayerUpdater<?> multi) || multi.getStateViewArray() == null) {
            return null;
        }
        for (UpdaterBlock block : multi.getUpdaterBlocks()) {
            long n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            if (block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart() != 2 * n) {
                throw new IllegalStateException("expected Adam's [m | v] state for " + n + " parameters, the updater block has "
                        + (block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart()) + " values");
            }
        }
        return multi;
    }

    private static INDArray params(INDArray flat, UpdaterBlock block) {
        return flat.get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd()));
    }

    private static INDArray flat(INDArray a) {
        return a.reshape(a.length());
    }
}
