package io.latentlab.model.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCacheTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ModelCache cache = new ModelCache(100, 2, 7, registry);
    private final Runs store = new Runs();

    /** Runs as a store would hold them: an id and what its models take in memory; loads counted. */
    private static final class Runs implements RunModelsSource {
        final Map<String, Long> sizes = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        Runs with(String runId, long bytes) {
            sizes.put(runId, bytes);
            return this;
        }

        @Override
        public void requireComplete(String runId) {
            checks.incrementAndGet();
            if (!sizes.containsKey(runId)) {
                throw new RunNotFoundException(runId);
            }
        }

        @Override
        public RunModels load(String runId) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loads.incrementAndGet();
            return new RunModels(runId, List.of(0, 1), List.of("0", "1"), List.of(), null, new int[0], sizes.get(runId));
        }
    }

    @Test
    void theLeastRecentlyUsedRunsAreEvictedBeyondTheBytes() {
        store.with("a", 40).with("b", 40).with("c", 40).with("big", 90);
        cache.get("a", store);
        cache.get("b", store);
        cache.get("a", store);       // a is now the most recent
        cache.get("c", store);       // 120 bytes > 100: evicts b
        assertThat(cache.cachedRuns()).containsExactly("a", "c");
        assertThat(cache.cachedBytes()).isEqualTo(80);
        assertThat(store.loads).hasValue(3);
        cache.get("big", store);     // 170 bytes: evicts a, then c
        assertThat(cache.cachedRuns()).containsExactly("big");
        assertThat(registry.get("latentlab.model.run.evictions").counter().count()).isEqualTo(3);
        assertThat(registry.get("latentlab.model.cache.bytes").gauge().value()).isEqualTo(90);
        assertThat(registry.get("latentlab.model.runs.cached").gauge().value()).isEqualTo(1);
    }

    @Test
    void madeUpRunIdsAre404sThatNeitherInsertNorEvict() {
        store.with("a", 60).with("b", 40);
        cache.get("a", store);
        cache.get("b", store);
        for (int i = 0; i < 50; i++) {
            String madeUp = "made-up-" + i;
            assertThatThrownBy(() -> cache.get(madeUp, store)).isInstanceOf(RunNotFoundException.class)
                    .hasMessage("no run " + madeUp);
        }
        assertThat(cache.cachedRuns()).containsExactly("a", "b");
        assertThat(store.loads).hasValue(2);
        assertThat(registry.get("latentlab.model.run.evictions").counter().count()).isZero();
    }

    @Test
    void aCachedRunIsServedWithoutAskingTheStoreAgain() {
        store.with("a", 10);
        cache.get("a", store);
        cache.get("a", store);
        assertThat(store.checks).hasValue(1);
    }

    @Test
    void aRunLargerThanTheCacheIsAnsweredButNotKept() {
        store.with("a", 50).with("huge", 101);
        cache.get("a", store);
        assertThat(cache.get("huge", store).runId()).isEqualTo("huge");
        assertThat(cache.cachedRuns()).containsExactly("a");
        assertThat(cache.cachedBytes()).isEqualTo(50);
    }

    @Test
    void aFailedLoadIsNotKeptAndTheNextRequestTriesAgain() {
        RunModelsSource failing = new RunModelsSource() {
            @Override
            public void requireComplete(String runId) {
            }

            @Override
            public RunModels load(String runId) {
                throw new BadPredictionRequestException("the models of run " + runId + " were removed");
            }
        };
        assertThatThrownBy(() -> cache.get("bad", failing)).hasMessage("the models of run bad were removed");
        assertThat(cache.cachedRuns()).isEmpty();
        assertThat(cache.get("bad", store.with("bad", 1)).runId()).isEqualTo("bad");
    }

    @Test
    void concurrentFirstRequestsForOneRunShareOneLoad() throws Exception {
        store.with("run", 10).gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RunModels>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.get("run", store)));
            }
            Thread.sleep(200);
            store.gate.countDown();
            RunModels first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<RunModels> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.loads).hasValue(1);
    }

    @Test
    void loadsOfDifferentRunsBeyondThePermitsAreRefusedWithARetryAfterNotQueued() throws Exception {
        store.with("a", 10).with("b", 10).with("c", 10).with("cached", 10);
        cache.get("cached", store);
        store.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RunModels> a = pool.submit(() -> cache.get("a", store));
            Future<RunModels> b = pool.submit(() -> cache.get("b", store));
            while (cache.cachedRuns().size() < 3) { // a and b are loading (each holds a permit)
                Thread.sleep(10);
            }
            assertThatThrownBy(() -> cache.get("c", store)).isInstanceOfSatisfying(ModelLoadsBusyException.class,
                    busy -> assertThat(busy.retryAfterSeconds()).isEqualTo(7))
                    .hasMessage("the server is already loading 2 run(s), its limit "
                            + "(latentlab.models.max-concurrent-loads): retry in 7 s");
            assertThat(cache.get("cached", store).runId()).as("a cached run needs no permit").isEqualTo("cached");
            store.gate.countDown();
            assertThat(a.get(10, TimeUnit.SECONDS).runId()).isEqualTo("a");
            assertThat(b.get(10, TimeUnit.SECONDS).runId()).isEqualTo("b");
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.get("c", store).runId()).as("the permits are back").isEqualTo("c");
        assertThat(registry.get("latentlab.model.run.loads.refused").counter().count()).isEqualTo(1);
    }

    @Test
    void theLimitsAreAtLeastOne() {
        assertThatThrownBy(() -> new ModelCache(0, 1, 5, registry)).hasMessageContaining("cache-bytes must be at least 1");
        assertThatThrownBy(() -> new ModelCache(1, 0, 5, registry))
                .hasMessageContaining("max-concurrent-loads must be at least 1");
    }
}
