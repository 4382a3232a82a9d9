package io.latentlab.ml.train;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Where one training keeps its latest checkpoint (e.g. an S3 object under the job's prefix). */
public interface Checkpoints {

    /** The last saved checkpoint, if any. An exception here fails the training (e.g. a store that stays unreachable). */
    Optional<byte[]> latest();

    /** Replaces the previous checkpoint; may throw (the trainer logs and carries on). */
    void save(int epoch, byte[] checkpoint);

    /** Save at the end of an epoch, at most once per this interval ({@link Duration#ZERO} = every epoch). */
    Duration minInterval();

    /** Never saves, never has one. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public Optional<byte[]> latest() {
            return Optional.empty();
        }

        @Override
        public void save(int epoch, byte[] checkpoint) {
        }

        /** Forever: the trainer never even builds a checkpoint. */
        @Override
        public Duration minInterval() {
            return ChronoUnit.FOREVER.getDuration();
        }

        @Override
        public String toString() {
            return "Checkpoints.NONE";
        }
    };
}
