package io.latentlab.runtime.messaging;

import io.latentlab.kit.codec.MalformedMessageException;
import io.latentlab.kit.store.ArtifactStoreException;
import io.latentlab.runtime.jobs.JobHandedBackException;
import io.latentlab.runtime.lifecycle.StageShutdown;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** How a consumed message is settled: acked when done, dead-lettered when unprocessable, left uncommitted on shutdown. */
class DeliveriesTest {

    private final StageShutdown shutdown = new StageShutdown(1, 0);
    private final Deliveries deliveries = new Deliveries(shutdown, 0);
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicReference<Throwable> nacked = new AtomicReference<>();
    private final Message<byte[]> message = Message.of(new byte[]{1}, () -> {
        acks.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }, failure -> {
        nacked.set(failure);
        return CompletableFuture.completedFuture(null);
    });

    @Test
    void doneWorkIsAcknowledged() {
        deliveries.handle(message, () -> { }).toCompletableFuture().join();

        assertThat(acks).hasValue(1);
        assertThat(nacked).hasValue(null);
    }

    @Test
    void bytesThatAreNoMessageAreDeadLetteredNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        // a parser's exception wraps an IOException: still no outage
        MalformedMessageException malformed = new MalformedMessageException("reducer job is not a protobuf message",
                new com.google.protobuf.InvalidProtocolBufferException("end-group tag did not match"));

        deliveries.handle(message, () -> {
            runs.incrementAndGet();
            throw malformed;
        }).toCompletableFuture().join();

        assertThat(runs).hasValue(1);
        assertThat(nacked.get()).isSameAs(malformed);
        assertThat(acks).hasValue(0);
    }

    @Test
    void aJobHandedBackWhileTheStageRunsOnRunsAgainAndIsAcknowledgedOnce() {
        AtomicInteger runs = new AtomicInteger();

        deliveries.handle(message, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new JobHandedBackException("lease lost", null);
            }
            if (runs.get() == 2) {
                throw new ArtifactStoreException("S3 put failed: connection refused", null, true);
            }
        }).toCompletableFuture().join();

        assertThat(runs).hasValue(3);
        assertThat(acks).hasValue(1);
        assertThat(nacked).hasValue(null);
    }

    @Test
    void aJobHandedBackOnShutdownIsNeitherAcknowledgedNorDeadLettered() {
        deliveries.handle(message, () -> {
            shutdown.drain(); // SIGTERM arrives while the job runs (no other job is in flight: returns at once)
            throw new JobHandedBackException("shutting down", null);
        }).toCompletableFuture().join();

        assertThat(acks).hasValue(0);
        assertThat(nacked).hasValue(null);
    }

    @Test
    void aDrainingStageStartsNothingAndTheShutdownWaitsForTheJobInFlight() throws Exception {
        StageShutdown slow = new StageShutdown(10, 0);
        Deliveries handler = new Deliveries(slow, 0);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        Thread job = new Thread(() -> handler.handle(message, () -> {
            running.countDown();
            while (!slow.draining()) {
                Thread.onSpinWait();
            }
            sleep(300); // hands back: checkpoint, release
            throw new JobHandedBackException("shutting down", null);
        }));
        job.start();
        running.await();
        long start = System.nanoTime();

        slow.drain();

        assertThat((System.nanoTime() - start) / 1_000_000).as("waited for the job's hand-back").isGreaterThanOrEqualTo(250);
        job.join();
        AtomicInteger runs = new AtomicInteger();
        handler.handle(message, runs::incrementAndGet).toCompletableFuture().join();
        assertThat(runs).as("nothing starts once draining").hasValue(0);
        assertThat(acks).hasValue(0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
