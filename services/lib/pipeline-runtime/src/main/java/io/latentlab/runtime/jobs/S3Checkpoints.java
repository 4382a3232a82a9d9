package io.latentlab.runtime.jobs;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.train.Checkpoints;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * A training's checkpoint as one object under its job's prefix; removed when the job completes.
 * Uploads run on {@code uploader}, off the training thread (a checkpoint of a big autoencoder is
 * 13 MB): the training pays only for building the bytes. Only the newest pending checkpoint is kept,
 * and S3 replaces an object atomically, so a kill mid-upload leaves the previous checkpoint intact.
 */
final class S3Checkpoints implements Checkpoints {

    static final String NAME = "checkpoint.bin";
    private static final Logger LOG = Logger.getLogger(S3Checkpoints.class);

    private final ArtifactStore store;
    private final String key;
    private final Duration minInterval;
    private final Executor uploader;
    private final BooleanSupplier mayWrite;
    private byte[] pending;
    private boolean uploading;

    /** @param mayWrite true while this instance holds the job's lease: a stale holder must not write its checkpoint */
    S3Checkpoints(ArtifactStore store, String jobPrefix, Duration minInterval, Executor uploader, BooleanSupplier mayWrite) {
        this.store = store;
        this.key = jobPrefix + NAME;
        this.minInterval = minInterval;
        this.uploader = uploader;
        this.mayWrite = mayWrite;
    }

    @Override
    public Optional<byte[]> latest() {
        return store.find(key);
    }

    @Override
    public synchronized void save(int epoch, byte[] checkpoint) {
        pending = checkpoint;
        if (!uploading) {
            uploading = true;
            uploader.execute(this::drain);
        }
    }

    @Override
    public Duration minInterval() {
        return minInterval;
    }

    /** Waits for the uploads in flight: a job that completes must not have its checkpoint written after it is deleted. */
    synchronized void awaitUploads() throws InterruptedException {
        while (uploading) {
            wait();
        }
    }

    /** Waits at most {@code limit} for the uploads in flight (a hand-back's last checkpoint). */
    synchronized boolean flush(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        try {
            while (uploading) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Drops what is not uploaded yet and removes the stored checkpoint. */
    void delete() {
        synchronized (this) {
            pending = null;
        }
        try {
            awaitUploads();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.delete(key);
    }

    private void drain() {
        while (true) {
            byte[] next;
            synchronized (this) {
                next = pending;
                pending = null;
                if (next == null) {
                    uploading = false;
                    notifyAll();
                    return;
                }
            }
            boolean mayWriteNow;
            try {
                mayWriteNow = mayWrite.getAsBoolean();
            } catch (RuntimeException e) {
                mayWriteNow = false; // the renewal could not reach S3: neither could the upload
            }
            if (!mayWriteNow) {
                LOG.warnf("checkpoint %s not saved: this instance cannot prove it holds the job's lease", key);
                continue;
            }
            try {
                store.put(key, next);
            } catch (RuntimeException e) {
                // the next checkpoint tries again; a resume then starts a little earlier
                LOG.warnf("checkpoint %s not saved: %s", key, e.getMessage());
            }
        }
    }
}
