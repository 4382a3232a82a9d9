package io.latentlab.runtime.jobs;

import io.latentlab.ml.train.TrainingCancelledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TrainingSlotsTest {

    @TempDir
    Path dir;

    @Test
    void twoServicesSharingTheDirectoryNeverRunMoreJobsThanSlots() throws Exception {
        // two instances on one directory stand for the two trainer processes of the local stack
        TrainingSlots reducers = new TrainingSlots(dir, 2);
        TrainingSlots classifiers = new TrainingSlots(dir, 2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                TrainingSlots slots = i % 2 == 0 ? reducers : classifiers;
                double priority = i;
                jobs.add(pool.submit(() -> {
                    try (TrainingSlots.Slot slot = slots.acquire(priority, () -> false)) {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.sleep(20);
                        running.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(2);
        assertThat(waiterFiles()).isEmpty();
    }

    @Test
    void aFreedSlotGoesToTheWaitingJobOfTheHighestPriority() throws Exception {
        TrainingSlots slots = new TrainingSlots(dir, 1);
        List<Double> order = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            TrainingSlots.Slot held = slots.acquire(0, () -> false);
            for (double priority : new double[] {1, 5, 3}) {
                pool.submit(() -> {
                    try (TrainingSlots.Slot slot = slots.acquire(priority, () -> false)) {
                        order.add(priority);
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> waiterFiles().size() == 3);
            held.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(order).containsExactly(5.0, 3.0, 1.0);
    }

    @Test
    void theWaiterOfADeadProcessDoesNotBlockTheQueue() throws Exception {
        long noSuchProcess = 999_999_999L; // above Linux's pid_max (2^22)
        assertThat(ProcessHandle.of(noSuchProcess)).isEmpty();
        Files.writeString(dir.resolve("wait-000000000000000-000000-dead"), "1.0E9 " + noSuchProcess);
        TrainingSlots slots = new TrainingSlots(dir, 1);
        try (TrainingSlots.Slot slot = slots.acquire(1, () -> false)) {
            assertThat(slot.index()).isZero();
        }
        assertThat(waiterFiles()).isEmpty();
    }

    @Test
    void aJobOfACancelledRunStopsWaiting() throws Exception {
        TrainingSlots slots = new TrainingSlots(dir, 1);
        try (TrainingSlots.Slot held = slots.acquire(0, () -> false)) {
            AtomicInteger polls = new AtomicInteger();
            assertThatThrownBy(() -> slots.acquire(1, () -> polls.incrementAndGet() > 3))
                    .isInstanceOf(TrainingCancelledException.class);
        }
        assertThat(waiterFiles()).isEmpty();
    }

    @Test
    void aSlotIsFreeAgainOnceClosed() {
        TrainingSlots slots = new TrainingSlots(dir, 1);
        slots.acquire(1, () -> false).close();
        try (TrainingSlots.Slot again = slots.acquire(1, () -> false)) {
            assertThat(again.index()).isZero();
        }
    }

    private List<Path> waiterFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("wait-")).toList();
        }
    }
}
