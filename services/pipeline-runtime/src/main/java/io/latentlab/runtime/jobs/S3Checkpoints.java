package io.latentlab.runtime.jobs;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.train.Checkpoints;

import java.time.Duration;
import java.util.Optional;

/** A training's checkpoint as one object under its job's prefix; removed when the job completes. */
final class S3Checkpoints implements Checkpoints {

    static final String NAME = "checkpoint.bin";

    private final ArtifactStore store;
    private final String key;
    private final Duration minInterval;

    S3Checkpoints(ArtifactStore store, String jobPrefix, Duration minInterval) {
        this.store = store;
        this.key = jobPrefix + NAME;
        this.minInterval = minInterval;
    }

    @Override
    public Optional<byte[]> latest() {
        return store.find(key);
    }

    @Override
    public void save(int epoch, byte[] checkpoint) {
        store.put(key, checkpoint);
    }

    @Override
    public Duration minInterval() {
        return minInterval;
    }

    void delete() {
        store.delete(key);
    }
}
