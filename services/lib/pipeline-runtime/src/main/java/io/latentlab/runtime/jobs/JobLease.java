package io.latentlab.runtime.jobs;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.ArtifactStore.Versioned;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Who trains a job right now: an object {@code lease} under the job's prefix naming its holder. Every change is a
 * compare-and-swap on the object's version (S3 conditional writes: {@code If-None-Match: *} to create,
 * {@code If-Match: <ETag>} to renew, take over or release), so of two instances exactly one holds it, a renewal
 * proves that the holder still does, and a stale holder can neither renew nor release a newer holder's lease.
 * <p>
 * Expiry needs no clock agreement between machines: a waiting instance takes the lease over once it has seen the
 * same version, unrenewed, for a whole TTL on its own monotonic clock; the holder counts from the moment it sent its
 * last successful renewal and considers the lease lost after one TTL without another (a GC pause, SIGSTOP, S3 away),
 * which is always before anyone else can take it. An instance restarted under the same id takes its lease back at once.
 */
final class JobLease {

    static final String NAME = "lease";
    private static final String RELEASED = "";

    private final ArtifactStore store;
    private final String key;
    private final String owner;
    private final Duration ttl;
    private final LongSupplier nanoClock;
    /** The version this instance wrote last while holding the lease; null when it does not hold it. */
    private volatile String version;
    private volatile long renewedAt;
    private volatile boolean lost;
    // a waiter's observation of someone else's lease
    private String seenVersion;
    private long seenSince;

    JobLease(ArtifactStore store, String jobPrefix, String owner, Duration ttl, LongSupplier nanoClock) {
        this.store = store;
        this.key = jobPrefix + NAME;
        this.owner = owner;
        this.ttl = ttl;
        this.nanoClock = nanoClock;
    }

    /**
     * Called by one thread per process and job (JobRunner sees to that), so a lease naming this
     * instance is one it held before a restart.
     *
     * @return true when this instance now holds the lease
     */
    synchronized boolean tryAcquire() {
        long sent = nanoClock.getAsLong();
        Optional<String> created = store.createVersioned(key, record(owner));
        if (created.isPresent()) {
            return held(created.get(), sent);
        }
        Optional<Versioned> current = store.findVersioned(key);
        if (current.isEmpty()) {
            return false; // deleted in between: the next poll creates it
        }
        String holder = holder(current.get().data());
        String seen = current.get().version();
        boolean free = holder.equals(RELEASED) || holder.equals(owner);
        if (!free) {
            long now = nanoClock.getAsLong();
            if (!seen.equals(seenVersion)) {
                seenVersion = seen; // renewed since the last look (or first look): its holder is alive
                seenSince = now;
                return false;
            }
            if (now - seenSince < ttl.toNanos()) {
                return false;
            }
            // unrenewed for a whole TTL of this instance's own clock: its holder has stopped
        }
        return store.putIfVersion(key, record(owner), seen).map(v -> held(v, sent)).orElse(false);
    }

    /**
     * Extends the lease if this instance still holds it; a lease taken over meanwhile is {@link #lost()} for good.
     * Called by the heartbeat and before every write of the job's outputs (a checkpoint, the result): each write is
     * preceded by a proof that no one else holds the job.
     *
     * @return false when the lease is lost
     */
    synchronized boolean renew() {
        String current = version;
        if (current == null || lost) {
            return false;
        }
        long sent = nanoClock.getAsLong();
        if (sent - renewedAt >= ttl.toNanos()) {
            lose(); // too late: another instance may already have taken it
            return false;
        }
        Optional<String> renewed = store.putIfVersion(key, record(owner), current);
        if (renewed.isEmpty()) {
            lose();
            return false;
        }
        version = renewed.get();
        renewedAt = sent;
        return true;
    }

    /** True while this instance may act as the holder: it holds the lease and renewed it less than a TTL ago. */
    boolean held() {
        if (version == null || lost) {
            return false;
        }
        if (nanoClock.getAsLong() - renewedAt >= ttl.toNanos()) {
            lose();
            return false;
        }
        return true;
    }

    /** True once this instance held the lease and can no longer prove it does. */
    boolean lost() {
        return lost || version != null && !held();
    }

    /** Gives the lease up if this instance still holds it (a newer holder's lease is left alone). */
    synchronized void release() {
        String current = version;
        version = null;
        if (current != null && !lost) {
            store.putIfVersion(key, record(RELEASED), current);
        }
    }

    String key() {
        return key;
    }

    private boolean held(String newVersion, long sent) {
        version = newVersion;
        renewedAt = sent;
        lost = false;
        return true;
    }

    private void lose() {
        lost = true;
    }

    /** The holder, and a nonce so that every write has new content (and so a new ETag). */
    private static byte[] record(String holder) {
        return (holder + "\n" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    private static String holder(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
