package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * One training's side of {@link Checkpoints}: finds a checkpoint it can resume from, and saves one
 * after an epoch when the interval has passed. A checkpoint that cannot be used is ignored and one that
 * cannot be saved is skipped, each with a warning: either costs time, never the result.
 */
final class CheckpointKeeper {

    private static final System.Logger LOG = System.getLogger(NetworkTrainer.class.getName());

    private final Checkpoints checkpoints;
    private final String training;
    private long lastSave;
    private int savedEpoch;

    /** @param training what a checkpoint must have been taken in besides the same network (seed, batch, rows) */
    CheckpointKeeper(Checkpoints checkpoints, String training) {
        this.checkpoints = checkpoints;
        this.training = training;
        this.lastSave = System.nanoTime();
    }

    static String describe(TrainingConfig cfg, TrainingData train, TrainingData val) {
        return "seed " + cfg.seed() + ", batch " + cfg.batchSize() + ", learning rate " + cfg.learningRate() + ", "
                + train.rows() + " train rows, " + val.rows() + " val rows";
    }

    /** The latest checkpoint if this training can continue from it. */
    Optional<TrainingCheckpoint> resumable(MultiLayerNetwork net, int maxEpochs) {
        Optional<byte[]> latest = checkpoints.latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        try {
            TrainingCheckpoint checkpoint = TrainingCheckpoint.fromBytes(latest.get());
            checkpoint.requireResumable(net, training, maxEpochs);
            savedEpoch = checkpoint.epoch();
            return Optional.of(checkpoint);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring an unusable checkpoint, training from epoch 1: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Saves a checkpoint if {@link Checkpoints#minInterval()} has passed since the last one (or the start). */
    void afterEpoch(MultiLayerNetwork net, BatchStep step, TrainingProgress progress) {
        if (Duration.ofNanos(System.nanoTime() - lastSave).compareTo(checkpoints.minInterval()) < 0) {
            return;
        }
        saveNow(net, step, progress);
    }

    /** Saves a checkpoint of the epoch just finished unless it is the one saved last (a hand-back). */
    void saveIfNew(MultiLayerNetwork net, BatchStep step, TrainingProgress progress) {
        if (progress.epoch() > savedEpoch && checkpoints != Checkpoints.NONE) {
            saveNow(net, step, progress);
        }
    }

    private void saveNow(MultiLayerNetwork net, BatchStep step, TrainingProgress progress) {
        savedEpoch = progress.epoch();
        try {
            step.finish(); // a lean step keeps Adam's moments to itself until then
            checkpoints.save(progress.epoch(), progress.checkpoint(net, training).toBytes());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not save the checkpoint after epoch " + progress.epoch()
                    + "; training goes on", e);
        }
        lastSave = System.nanoTime();
    }
}
