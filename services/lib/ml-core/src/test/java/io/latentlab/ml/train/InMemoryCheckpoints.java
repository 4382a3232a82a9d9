package io.latentlab.ml.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keeps the latest checkpoint in memory, as a job's S3 object would, and the epochs saved. */
class InMemoryCheckpoints implements Checkpoints {

    private final Duration minInterval;
    private final List<Integer> savedEpochs = new ArrayList<>();
    private byte[] latest;

    InMemoryCheckpoints(Duration minInterval) {
        this.minInterval = minInterval;
    }

    @Override
    public Optional<byte[]> latest() {
        return Optional.ofNullable(latest);
    }

    @Override
    public void save(int epoch, byte[] checkpoint) {
        latest = checkpoint.clone();
        savedEpochs.add(epoch);
    }

    @Override
    public Duration minInterval() {
        return minInterval;
    }

    List<Integer> savedEpochs() {
        return savedEpochs;
    }
}
