package io.latentlab.model.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The runs whose models are in memory, at most {@code latentlab.models.cache-runs}, least recently used evicted.
 * A run is loaded once however many requests ask for it at the same time: the first one loads, the others wait
 * for its future; a load that fails is not kept, so the next request tries again.
 */
@ApplicationScoped
public class ModelCache {

    private final int capacity;
    private final Map<String, CompletableFuture<RunModels>> runs = new LinkedHashMap<>(16, 0.75f, true);
    private final Counter loads;
    private final Counter evictions;

    public ModelCache(@ConfigProperty(name = "latentlab.models.cache-runs") int capacity, MeterRegistry registry) {
        if (capacity < 1) {
            throw new IllegalArgumentException("latentlab.models.cache-runs must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.loads = registry.counter("latentlab.model.run.loads");
        this.evictions = registry.counter("latentlab.model.run.evictions");
        registry.gauge("latentlab.model.runs.cached", runs, map -> {
            synchronized (map) {
                return map.size();
            }
        });
    }

    public RunModels get(String runId, Function<String, RunModels> loader) {
        CompletableFuture<RunModels> future;
        boolean load = false;
        synchronized (runs) {
            future = runs.get(runId);
            if (future == null) {
                future = new CompletableFuture<>();
                runs.put(runId, future);
                load = true;
                evictBeyondCapacity();
            }
        }
        if (load) {
            try {
                loads.increment();
                future.complete(loader.apply(runId));
            } catch (RuntimeException | Error e) {
                synchronized (runs) {
                    runs.remove(runId, future);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The run ids in memory, least recently used first. */
    public java.util.List<String> cachedRuns() {
        synchronized (runs) {
            return java.util.List.copyOf(runs.keySet());
        }
    }

    private void evictBeyondCapacity() {
        Iterator<String> eldest = runs.keySet().iterator();
        while (runs.size() > capacity && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
            evictions.increment();
        }
    }
}
