package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The study's training loop for every network (classifiers and autoencoders): minibatches of a
 * seeded permutation (pulled rows, not {@code DataSet.shuffle()}), validation loss after each epoch,
 * early stopping with patience, the best epoch's parameters restored at the end.
 * <p>
 * With {@link EpochListener#checkpoints()} it saves a {@link TrainingCheckpoint} after an epoch (at
 * most once per the checkpoints' interval, never after the last epoch) and a training that finds one
 * continues after its epoch and ends bit-identical to a training that was never interrupted: same
 * parameters, updater state, epochs and loss curves.
 */
public final class NetworkTrainer {

    private static final System.Logger LOG = System.getLogger(NetworkTrainer.class.getName());

    private NetworkTrainer() {
    }

    /** Trains with the configured step ({@link Steps#configured()}: lean by default). */
    public static TrainingOutcome train(MultiLayerNetwork net, TrainingData train, TrainingData val,
                                        TrainingConfig cfg, EpochListener listener) {
        return train(net, Steps.configured(), train, val, cfg, listener);
    }

    public static TrainingOutcome train(MultiLayerNetwork net, Function<MultiLayerNetwork, BatchStep> stepFactory,
                                        TrainingData train, TrainingData val, TrainingConfig cfg, EpochListener listener) {
        return listener.whileTraining(() -> trainNow(net, stepFactory, train, val, cfg, listener));
    }

    private static TrainingOutcome trainNow(MultiLayerNetwork net, Function<MultiLayerNetwork, BatchStep> stepFactory,
                                            TrainingData train, TrainingData val, TrainingConfig cfg,
                                            EpochListener listener) {
        // one native (OpenMP/BLAS) thread per training: one training per slot, one slot per core
        NativeThreads.pinToOne();
        long start = System.nanoTime();
        int n = train.rows();
        int[] order = identity(n);
        SplittableRandom shuffleRandom = new SplittableRandom(cfg.seed());
        TrainingProgress progress = new TrainingProgress(net, cfg.maxEpochs());
        CheckpointKeeper keeper = new CheckpointKeeper(listener.checkpoints(), CheckpointKeeper.describe(cfg, train, val));
        Optional<TrainingCheckpoint> resumed = keeper.resumable(net, cfg.maxEpochs());
        if (resumed.isPresent()) {
            TrainingCheckpoint checkpoint = resumed.get();
            checkpoint.restoreInto(net); // before the step is made: a lean step reads the updater state once
            progress.resume(checkpoint, net);
            // the order is shuffled in place epoch after epoch: replaying the shuffles restores it exactly
            for (int e = 0; e < checkpoint.epoch(); e++) {
                shuffle(order, shuffleRandom);
            }
            LOG.log(Level.INFO, "resuming after checkpointed epoch " + checkpoint.epoch() + " of " + cfg.maxEpochs());
            listener.onResumed(checkpoint.epoch());
        }
        BatchStep step = stepFactory.apply(net);
        HandBack handBack = new HandBack(listener);
        // a checkpoint may be of the epoch after which training stops (patience): then this loop runs no epoch
        while (!progress.finished(cfg)) {
            if (handBack.requested()) {
                // between epochs the network is exactly an epoch's end: checkpoint it, and the next instance loses nothing
                keeper.saveIfNew(net, step, progress);
                throw new TrainingHandedBackException(progress.epoch(), "asked between epochs");
            }
            int epoch = progress.epoch() + 1;
            shuffle(order, shuffleRandom);
            INDArray xs = Nd4j.pullRows(train.x(), 1, order);
            // an autoencoder's input is its target: one shuffled copy serves both
            INDArray ys = train.y() == train.x() ? xs : Nd4j.pullRows(train.y(), 1, order);
            double lossSum = 0;
            long epochStart = System.nanoTime();
            try {
                for (int from = 0; from < n; from += cfg.batchSize()) {
                    if (listener.cancelled()) {
                        throw new TrainingCancelledException(epoch);
                    }
                    if (handBack.requested() && !handBack.epochEndsInTime(epochStart, from, n)) {
                        // the epoch in flight is lost; the stored checkpoint is the last one saved
                        throw new TrainingHandedBackException(progress.epoch(), "asked mid-epoch " + epoch
                                + ", which would not end within " + listener.handBackBudget().toMillis() + " ms");
                    }
                    int to = Math.min(n, from + cfg.batchSize());
                    lossSum += step.step(xs.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                            ys.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())) * (to - from);
                }
            } finally {
                // the shuffled copies are large (rows x 784 floats): free them now, also when the run is cancelled
                // or the step fails, rather than when the GC gets round to it, or off-heap memory of a long
                // training grows far beyond the Java heap
                xs.close();
                if (ys != xs) {
                    ys.close();
                }
            }
            progress.record(lossSum / n, step.score(val.x(), val.y()), net);
            // none after the last epoch: the job is about to finish and deletes it
            if (!progress.finished(cfg)) {
                keeper.afterEpoch(net, step, progress);
            }
            listener.onEpoch(epoch, cfg.maxEpochs(), progress.trainLoss(epoch), progress.valLoss(epoch));
        }
        step.finish();
        net.setParams(progress.bestParams());
        return progress.outcome((System.nanoTime() - start) / 1e9);
    }

    /** When a hand-back was first asked for, and whether the epoch in flight still ends within the budget. */
    private static final class HandBack {
        private final EpochListener listener;
        private long askedAt;

        HandBack(EpochListener listener) {
            this.listener = listener;
        }

        boolean requested() {
            if (askedAt == 0 && listener.handingBack()) {
                askedAt = System.nanoTime();
            }
            return askedAt != 0;
        }

        /** Projects the epoch's end from its pace so far (an epoch not begun cannot be finished in time). */
        boolean epochEndsInTime(long epochStart, int done, int rows) {
            if (done == 0) {
                return false;
            }
            long now = System.nanoTime();
            double remaining = (now - epochStart) / (double) done * (rows - done);
            return now + remaining <= askedAt + listener.handBackBudget().toNanos();
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
