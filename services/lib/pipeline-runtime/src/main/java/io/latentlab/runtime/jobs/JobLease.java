package io.latentlab.runtime.jobs;

import io.latentlab.kit.store.ArtifactStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Who trains a job right now: an object {@code lease} under the job's prefix naming its owner and
 * when the lease runs out. It is created with a conditional write, so of two instances that receive
 * the same job (a rebalance, a republished job, two runs sharing a cached job) exactly one trains;
 * the other waits for the result. The owner renews it while it works; a lease whose owner died runs
 * out and is taken over, and an instance restarted under the same id takes its own lease back at once.
 */
final class JobLease {

    static final String NAME = "lease";

    private final ArtifactStore store;
    private final String key;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;

    JobLease(ArtifactStore store, String jobPrefix, String owner, Duration ttl, Clock clock) {
        this.store = store;
        this.key = jobPrefix + NAME;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Called by one thread per process and job (JobRunner sees to that), so a lease naming this
     * instance is one it held before a restart.
     *
     * @return true when this instance now holds the lease
     */
    boolean tryAcquire() {
        if (store.putIfAbsent(key, record()).isPresent()) {
            return true;
        }
        Optional<Holder> holder = store.find(key).map(JobLease::parse);
        if (holder.isEmpty()) {
            return store.putIfAbsent(key, record()).isPresent(); // released in between
        }
        boolean mineFromBefore = holder.get().owner().equals(owner);
        boolean expired = holder.get().expiresAtMs() < clock.millis();
        if (mineFromBefore || expired) {
            // the holder is dead: this instance restarted, or another one stopped renewing
            store.put(key, record());
            return true;
        }
        return false;
    }

    /** Extends the lease; called periodically while the job runs. */
    void renew() {
        store.put(key, record());
    }

    void release() {
        store.delete(key);
    }

    String key() {
        return key;
    }

    private byte[] record() {
        return (owner + "\n" + (clock.millis() + ttl.toMillis())).getBytes(StandardCharsets.UTF_8);
    }

    private static Holder parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        try {
            return new Holder(lines[0], Long.parseLong(lines[1].trim()));
        } catch (RuntimeException e) {
            return new Holder("?", 0); // unreadable: treat as expired
        }
    }

    private record Holder(String owner, long expiresAtMs) {
    }
}
