package io.latentlab.model.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCacheTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ModelCache cache = new ModelCache(2, registry);
    private final AtomicInteger loads = new AtomicInteger();
    private final Function<String, RunModels> loader = runId -> {
        loads.incrementAndGet();
        return new RunModels(runId, List.of(0, 1), List.of(), null, new int[0]);
    };

    @Test
    void theLeastRecentlyUsedRunIsEvictedBeyondTheCapacity() {
        cache.get("a", loader);
        cache.get("b", loader);
        cache.get("a", loader);       // a is now the most recent
        cache.get("c", loader);       // evicts b
        assertThat(cache.cachedRuns()).containsExactly("a", "c");
        assertThat(loads).hasValue(3);
        cache.get("b", loader);
        assertThat(loads).hasValue(4);
        assertThat(registry.get("latentlab.model.run.evictions").counter().count()).isEqualTo(2);
        assertThat(registry.get("latentlab.model.runs.cached").gauge().value()).isEqualTo(2);
    }

    @Test
    void aFailedLoadIsNotKeptAndTheNextRequestTriesAgain() {
        assertThatThrownBy(() -> cache.get("bad", id -> {
            throw new BadPredictionRequestException("no run " + id);
        })).hasMessage("no run bad");
        assertThat(cache.cachedRuns()).isEmpty();
        assertThat(cache.get("bad", loader).runId()).isEqualTo("bad");
    }

    @Test
    void concurrentFirstRequestsShareOneLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Function<String, RunModels> slow = runId -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return loader.apply(runId);
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RunModels>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.get("run", slow)));
            }
            Thread.sleep(200);
            release.countDown();
            RunModels first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<RunModels> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void theCapacityIsAtLeastOne() {
        assertThatThrownBy(() -> new ModelCache(0, registry)).hasMessageContaining("at least 1");
    }
}
