package io.latentlab.model.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * The runs whose models are in memory, at most {@code latentlab.models.cache-bytes} of them (their
 * {@link RunModels#bytes()}), least recently used evicted. Before anything is inserted or evicted the run must exist
 * ({@link RunModelsSource#requireComplete}): requests for made-up ids get a 404 and leave the cache alone. At most
 * {@code latentlab.models.max-concurrent-loads} different runs load at a time; a first request for yet another run
 * is refused ({@link ModelLoadsBusyException}, 503) rather than queued. A run is loaded once however many requests
 * ask for it at the same time: the first one loads, the others wait for its future; a load that fails is not
 * kept, so the next request tries again. A run larger than the whole cache is answered but not kept.
 */
@ApplicationScoped
public class ModelCache {

    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    private final long maxBytes;
    private final int maxConcurrentLoads;
    private final int retryAfterSeconds;
    private final Semaphore loadPermits;
    /** Access order: the first entry is the least recently used. Guarded by itself, as is {@link #cachedBytes}. */
    private final Map<String, Entry> runs = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;
    private final Counter loads;
    private final Counter evictions;
    private final Counter refusedLoads;

    private static final class Entry {
        final CompletableFuture<RunModels> future = new CompletableFuture<>();
        long bytes; // 0 while loading
    }

    @Inject
    public ModelCache(@ConfigProperty(name = "latentlab.models.cache-bytes") MemorySize maxBytes,
                      @ConfigProperty(name = "latentlab.models.max-concurrent-loads") int maxConcurrentLoads,
                      @ConfigProperty(name = "latentlab.models.load-retry-after-seconds") int retryAfterSeconds,
                      MeterRegistry registry) {
        this(maxBytes.asLongValue(), maxConcurrentLoads, retryAfterSeconds, registry);
    }

    ModelCache(long maxBytes, int maxConcurrentLoads, int retryAfterSeconds, MeterRegistry registry) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("latentlab.models.cache-bytes must be at least 1, got " + maxBytes);
        }
        if (maxConcurrentLoads < 1) {
            throw new IllegalArgumentException("latentlab.models.max-concurrent-loads must be at least 1, got "
                    + maxConcurrentLoads);
        }
        this.maxBytes = maxBytes;
        this.maxConcurrentLoads = maxConcurrentLoads;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        this.loadPermits = new Semaphore(maxConcurrentLoads);
        this.loads = registry.counter("latentlab.model.run.loads");
        this.evictions = registry.counter("latentlab.model.run.evictions");
        this.refusedLoads = registry.counter("latentlab.model.run.loads.refused");
        registry.gauge("latentlab.model.runs.cached", runs, map -> {
            synchronized (map) {
                return map.size();
            }
        });
        registry.gauge("latentlab.model.cache.bytes", runs, map -> {
            synchronized (map) {
                return cachedBytes;
            }
        });
    }

    public RunModels get(String runId, RunModelsSource source) {
        Entry entry;
        synchronized (runs) {
            entry = runs.get(runId);
        }
        if (entry == null) {
            source.requireComplete(runId); // a 404 or 400 for ids without a completed run, before any insert or eviction
            if (!loadPermits.tryAcquire()) {
                refusedLoads.increment();
                throw new ModelLoadsBusyException(maxConcurrentLoads, retryAfterSeconds);
            }
            try {
                boolean load = false;
                synchronized (runs) {
                    entry = runs.get(runId);
                    if (entry == null) {
                        entry = new Entry();
                        runs.put(runId, entry);
                        load = true;
                    }
                }
                if (load) {
                    load(runId, entry, source);
                }
            } finally {
                loadPermits.release();
            }
        }
        try {
            return entry.future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void load(String runId, Entry entry, RunModelsSource source) {
        RunModels run;
        try {
            loads.increment();
            run = source.load(runId);
        } catch (RuntimeException | Error e) {
            synchronized (runs) {
                runs.remove(runId, entry);
            }
            entry.future.completeExceptionally(e);
            throw e;
        }
        synchronized (runs) {
            if (run.bytes() > maxBytes) {
                runs.remove(runId, entry);
                evictions.increment();
                LOG.warnf("run %s holds %d bytes of models, more than latentlab.models.cache-bytes (%d): answered, "
                        + "not kept", runId, run.bytes(), maxBytes);
            } else {
                entry.bytes = run.bytes();
                cachedBytes += run.bytes();
                evictBeyondCapacity(entry);
            }
        }
        entry.future.complete(run);
    }

    /** Least recently used first, never {@code keep} nor a run still loading (its size is not known yet). */
    private void evictBeyondCapacity(Entry keep) {
        Iterator<Entry> eldest = runs.values().iterator();
        while (cachedBytes > maxBytes && eldest.hasNext()) {
            Entry entry = eldest.next();
            if (entry != keep && entry.future.isDone()) {
                eldest.remove();
                cachedBytes -= entry.bytes;
                evictions.increment();
            }
        }
    }

    /** The run ids in memory (or loading), least recently used first. */
    public List<String> cachedRuns() {
        synchronized (runs) {
            return List.copyOf(runs.keySet());
        }
    }

    /** The sum of the cached runs' {@link RunModels#bytes()}. */
    public long cachedBytes() {
        synchronized (runs) {
            return cachedBytes;
        }
    }
}
