package io.latentlab.runtime.jobs;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.ArtifactStoreException;
import io.latentlab.ml.train.TrainingHandedBackException;
import io.latentlab.proto.JobTiming;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import io.latentlab.runtime.lifecycle.StageShutdown;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.latentlab.testsupport.S3StoreExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JobRunner against a real S3 server (s3proxy): its result, lease and checkpoint objects are real. */
class JobRunnerTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final S3StoreExtension S3 = new S3StoreExtension("artifacts");

    private final RecordingEmitter<Progress> progress = new RecordingEmitter<>();
    private final RecordingEmitter<RunEvent> runEvents = new RecordingEmitter<>();
    private final String prefix = "jobs/test/" + UUID.randomUUID() + "/";
    // the runners of one test share a machine's slots, as the trainers of the local stack do
    private final TrainingSlots slots = new TrainingSlots(dir.resolve("slots-" + UUID.randomUUID()), 4);
    private final StageShutdown shutdown = new StageShutdown(20, 8);

    private JobRunner runner(String instanceId) {
        return runner(instanceId, slots);
    }

    private JobRunner runner(String instanceId, TrainingSlots slots) {
        return runner(instanceId, slots, S3.store(), 10, 30);
    }

    private JobRunner runner(String instanceId, ArtifactStore store, long retrySeconds, long leaseSeconds) {
        return runner(instanceId, slots, store, retrySeconds, leaseSeconds);
    }

    private JobRunner runner(String instanceId, TrainingSlots slots, ArtifactStore store, long retrySeconds, long leaseSeconds) {
        return new JobRunner(store, new JobLedger(store), new ProgressPublisher(progress.emitter(), "test-stage"),
                new RunCancellations(() -> {
                    throw new IllegalStateException("not followed in this test");
                }), new RunFailures(runEvents.emitter(), S3.store(), "test-stage"),
                new RetryPolicy(retrySeconds, store::successfulCalls),
                new JobMetrics(new SimpleMeterRegistry(), "test-stage"), slots, shutdown, new JobPulse(900), Optional.of(instanceId),
                leaseSeconds, 0);
    }

    private JobSpec<RunEvent> job(String runId) {
        // any message will do as a result: a RunEvent whose run id records who trained it
        return new JobSpec<>(runId, "job-1", prefix, RunEvent.parser(), RunEvent::getRunId,
                done -> done.toBuilder().setTimestampMs(1).build());
    }

    private static RunEvent result(String runId) {
        return RunEvent.newBuilder().setRunId(runId).build();
    }

    @Test
    void aJobThatThrowsFailsItsRunWithTheReasonInsteadOfThrowing() {
        Optional<RunEvent> outcome = runner("a").runOnce(job("run-1"), listener -> {
            throw new IllegalStateException("artifact s3://x/y has sha256 1, its ref promised 2");
        });

        assertThat(outcome).isEmpty();
        assertThat(progress.sent).anySatisfy(p -> {
            assertThat(p.getKind()).isEqualTo(Progress.Kind.FAILED);
            assertThat(p.getMessage()).contains("sha256");
        });
        assertThat(runEvents.sent).singleElement().satisfies(event -> {
            assertThat(event.getRunId()).isEqualTo("run-1");
            assertThat(event.getFailed().getJobId()).isEqualTo("job-1");
            assertThat(event.getFailed().getStage()).isEqualTo("test-stage");
            assertThat(event.getFailed().getReason()).contains("its ref promised 2");
        });
        assertThat(new String(S3.store().getByKey(prefix + JobLease.NAME), StandardCharsets.UTF_8))
                .as("the lease is released for a retry: no holder").startsWith("\n");
    }

    @Test
    void anErrorSuchAsOutOfMemoryFailsTheRunToo() {
        Optional<RunEvent> outcome = runner("a").runOnce(job("run-1"), listener -> {
            throw new OutOfMemoryError("Cannot allocate new FloatPointer");
        });

        assertThat(outcome).isEmpty();
        assertThat(runEvents.sent).singleElement()
                .satisfies(event -> assertThat(event.getFailed().getReason()).contains("FloatPointer"));
    }

    @Test
    void aTransientFailureIsRetriedAndTheJobSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        Optional<RunEvent> outcome = runner("a").runOnce(job("run-1"), listener -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ArtifactStoreException("S3 put failed: connection refused", null, true);
            }
            return result("run-1");
        });

        assertThat(outcome).contains(result("run-1"));
        assertThat(attempts).hasValue(3);
        assertThat(runEvents.sent).isEmpty();
        assertThat(S3.store().exists(prefix + "result.pb")).isTrue();
    }

    @Test
    void aStoredResultIsReusedAndNamesTheRunThatTrainedIt() {
        runner("a").runOnce(job("run-1"), listener -> result("run-1"));
        AtomicInteger trainings = new AtomicInteger();

        Optional<RunEvent> again = runner("b").runOnce(job("run-2"), listener -> {
            trainings.incrementAndGet();
            return result("run-2");
        });

        assertThat(trainings).hasValue(0);
        assertThat(again.orElseThrow().getRunId()).isEqualTo("run-1");
        assertThat(progress.sent).anySatisfy(p -> {
            assertThat(p.getKind()).isEqualTo(Progress.Kind.SKIPPED);
            assertThat(p.getRunId()).isEqualTo("run-2");
            assertThat(p.getTrainedByRun()).isEqualTo("run-1");
            assertThat(p.getMessage()).isEqualTo("cached, trained by run run-1");
        });
    }

    @Test
    void aDuplicateDeliveredWhileTheJobRunsWaitsForItsResultInsteadOfTrainingTwice() throws Exception {
        AtomicInteger trainings = new AtomicInteger();
        JobRunner one = runner("instance-1");
        JobRunner other = runner("instance-2");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Optional<RunEvent>>> outcomes = List.of(
                pool.submit(() -> one.runOnce(job("run-1"), listener -> slowTraining(trainings))),
                pool.submit(() -> one.runOnce(job("run-1"), listener -> slowTraining(trainings))),
                pool.submit(() -> other.runOnce(job("run-1"), listener -> slowTraining(trainings))));
        for (Future<Optional<RunEvent>> outcome : outcomes) {
            assertThat(outcome.get()).hasValueSatisfying(event -> assertThat(event.getRunId()).isEqualTo("run-1"));
        }
        pool.shutdown();

        assertThat(trainings).as("one training for three deliveries").hasValue(1);
    }

    private static void awaitUploads(io.latentlab.ml.train.EpochListener listener) {
        try {
            ((S3Checkpoints) listener.checkpoints()).awaitUploads();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RunEvent slowTraining(AtomicInteger trainings) {
        trainings.incrementAndGet();
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result("run-1");
    }

    @Test
    void aLeaseWhoseOwnerStoppedRenewingIsTakenOverAfterATtlOfTheWaitersOwnClock() {
        // the holder's record says nothing about time: only that its version stays the same tells it is dead
        S3.store().put(prefix + JobLease.NAME, "dead-instance\n1".getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();

        Optional<RunEvent> outcome = runner("a", S3.store(), 10, 2).runOnce(job("run-1"), listener -> result("run-1"));

        assertThat(outcome).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aLeaseItsHolderKeepsRenewingIsNeverTakenOver() throws Exception {
        String key = prefix + JobLease.NAME;
        S3.store().put(key, "alive-instance\n0".getBytes(StandardCharsets.UTF_8));
        AtomicInteger beats = new AtomicInteger();
        ScheduledExecutorService holder = Executors.newSingleThreadScheduledExecutor();
        // renewed every 500 ms for 5 s (10 TTL-halves of a 1 s lease), then the holder dies
        holder.scheduleAtFixedRate(() -> {
            if (beats.incrementAndGet() <= 10) {
                S3.store().put(key, ("alive-instance\n" + beats.get()).getBytes(StandardCharsets.UTF_8));
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        AtomicInteger trainedAtBeat = new AtomicInteger();

        Optional<RunEvent> outcome = runner("b", S3.store(), 10, 1).runOnce(job("run-1"), listener -> {
            trainedAtBeat.set(beats.get());
            return result("run-1");
        });
        holder.shutdownNow();

        assertThat(outcome).isPresent();
        assertThat(trainedAtBeat.get()).as("trained only after the holder stopped renewing").isGreaterThan(10);
    }

    @Test
    void aHolderWhoseLeaseIsTakenStopsTrainingWritesNothingAndGetsTheNewHoldersResult() throws Exception {
        String key = prefix + JobLease.NAME;
        CountDownLatch training = new CountDownLatch(1);
        AtomicInteger checkpointsAfterLoss = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Optional<RunEvent>> stale = pool.submit(() -> runner("a", S3.store(), 10, 2).runOnce(job("run-1"),
                listener -> {
                    training.countDown();
                    int epoch = 0;
                    while (!listener.handingBack()) { // a training polls between minibatches
                        listener.checkpoints().save(++epoch, ("a's epoch " + epoch).getBytes(StandardCharsets.UTF_8));
                        sleep(100);
                    }
                    listener.checkpoints().save(++epoch, "a's epoch after the loss".getBytes(StandardCharsets.UTF_8));
                    checkpointsAfterLoss.incrementAndGet();
                    throw new TrainingHandedBackException(epoch, "lease lost");
                }));
        assertThat(training.await(10, TimeUnit.SECONDS)).isTrue();
        sleep(500);
        // another instance takes the lease over (as after a pause of "a" past the TTL), keeps renewing it while it
        // trains (else "a" would rightly find it dead after a TTL and take it back), and completes the job
        AtomicInteger renewals = new AtomicInteger();
        ScheduledExecutorService b = Executors.newSingleThreadScheduledExecutor();
        b.scheduleAtFixedRate(() -> S3.store().put(key, ("b\n" + renewals.incrementAndGet()).getBytes(StandardCharsets.UTF_8)),
                0, 300, TimeUnit.MILLISECONDS);
        sleep(1500); // a's next renewal (heartbeat or checkpoint) finds the lease changed
        S3.store().put(prefix + S3Checkpoints.NAME, "b's checkpoint".getBytes(StandardCharsets.UTF_8));
        new JobLedger(S3.store()).complete(prefix, result("run-b"), RunEvent.parser());
        S3.store().delete(prefix + S3Checkpoints.NAME);

        Optional<RunEvent> outcome = stale.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        b.shutdownNow();
        b.awaitTermination(5, TimeUnit.SECONDS);

        assertThat(checkpointsAfterLoss).hasValue(1);
        assertThat(outcome).get().extracting(RunEvent::getRunId).as("the new holder's result").isEqualTo("run-b");
        assertThat(new JobLedger(S3.store()).completed(prefix, RunEvent.parser())).get()
                .extracting(RunEvent::getRunId).isEqualTo("run-b");
        assertThat(S3.store().exists(prefix + S3Checkpoints.NAME)).as("no checkpoint re-created by the stale holder")
                .isFalse();
        assertThat(new String(S3.store().getByKey(key), StandardCharsets.UTF_8)).as("b's lease left alone")
                .startsWith("b\n");
        assertThat(runEvents.sent).as("no run failed").isEmpty();
    }

    @Test
    void aShutdownHandsTheTrainingBackWithItsCheckpointReleasesTheLeaseAndFailsNothing() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch training = new CountDownLatch(1);
        Future<Optional<RunEvent>> run = pool.submit(() -> runner("a").runOnce(job("run-1"), listener -> {
            training.countDown();
            int epoch = 0;
            while (!listener.handingBack()) {
                epoch++;
                sleep(50);
            }
            listener.checkpoints().save(epoch, ("epoch " + epoch).getBytes(StandardCharsets.UTF_8));
            throw new TrainingHandedBackException(epoch, "asked between epochs");
        }));
        assertThat(training.await(10, TimeUnit.SECONDS)).isTrue();

        shutdown.drain(); // what SIGTERM does

        assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(JobHandedBackException.class);
        pool.shutdown();
        assertThat(S3.store().getByKey(prefix + S3Checkpoints.NAME)).asString(StandardCharsets.UTF_8).startsWith("epoch ");
        assertThat(S3.store().exists(prefix + "result.pb")).isFalse();
        assertThat(runEvents.sent).as("no failed run event").isEmpty();
        assertThat(progress.sent).noneMatch(p -> p.getKind() == Progress.Kind.FAILED);
        assertThat(shutdown.draining()).isTrue();
        assertThatThrownBy(() -> runner("b").runOnce(job("run-1"), listener -> result("run-1")))
                .as("a draining stage starts nothing").isInstanceOf(JobHandedBackException.class);
        // the lease is released: another instance (a fresh process) takes the job at once and resumes
        StageShutdown fresh = new StageShutdown(20, 8);
        JobRunner next = new JobRunner(S3.store(), new JobLedger(S3.store()),
                new ProgressPublisher(progress.emitter(), "test-stage"), new RunCancellations(() -> {
                    throw new IllegalStateException("not followed in this test");
                }), new RunFailures(runEvents.emitter(), S3.store(), "test-stage"),
                new RetryPolicy(10, S3.store()::successfulCalls), new JobMetrics(new SimpleMeterRegistry(), "test-stage"),
                slots, fresh, new JobPulse(900), Optional.of("c"), 30, 0);
        long start = System.nanoTime();
        Optional<RunEvent> resumed = next.runOnce(job("run-1"), listener -> {
            assertThat(new String(listener.checkpoints().latest().orElseThrow(), StandardCharsets.UTF_8)).startsWith("epoch ");
            return result("run-1");
        });
        assertThat(resumed).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for a TTL").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aHungTrainingLetsItsLeaseLapseSoThatAnotherInstanceTakesTheJobOver() throws Exception {
        // "a" hangs (no poll, no epoch) for 6 s with a 1 s silence limit and a 2 s lease; "b" gets the same job
        JobRunner hanging = new JobRunner(S3.store(), new JobLedger(S3.store()),
                new ProgressPublisher(progress.emitter(), "test-stage"), new RunCancellations(() -> {
                    throw new IllegalStateException("not followed in this test");
                }), new RunFailures(runEvents.emitter(), S3.store(), "test-stage"),
                new RetryPolicy(10, S3.store()::successfulCalls), new JobMetrics(new SimpleMeterRegistry(), "test-stage"),
                slots, shutdown, new JobPulse(Duration.ofSeconds(1), System::nanoTime), Optional.of("a"), 2, 0);
        CountDownLatch hung = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Optional<RunEvent>> stale = pool.submit(() -> hanging.runOnce(job("run-1"), listener -> {
            hung.countDown();
            sleep(6000);
            return result("run-a");
        }));
        assertThat(hung.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();

        Optional<RunEvent> taken = runner("b", S3.store(), 10, 2).runOnce(job("run-1"), listener -> result("run-b"));

        assertThat(taken).get().extracting(RunEvent::getRunId).isEqualTo("run-b");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("taken over before the hang ended")
                .isLessThan(Duration.ofSeconds(6));
        assertThat(stale.get(30, TimeUnit.SECONDS)).get().extracting(RunEvent::getRunId)
                .as("the woken instance gets the new holder's result").isEqualTo("run-b");
        pool.shutdown();
        assertThat(runEvents.sent).isEmpty();
    }

    @Test
    void aTransientFailureLateInALongJobGetsTheWholeRetryWindow() {
        AtomicInteger attempts = new AtomicInteger();
        // a 2 s window; the first attempt works for 3 s (S3 answering) before the outage starts
        Optional<RunEvent> outcome = runner("a", S3.store(), 2, 30).runOnce(job("run-1"), listener -> {
            if (attempts.incrementAndGet() == 1) {
                for (int i = 0; i < 6; i++) {
                    S3.store().exists(prefix + "model.bin");
                    sleep(500);
                }
                throw new ArtifactStoreException("S3 put failed: connection refused", null, true);
            }
            return result("run-1");
        });

        assertThat(outcome).isPresent();
        assertThat(attempts).hasValue(2);
        assertThat(runEvents.sent).isEmpty();
    }

    @Test
    void anOutageLongerThanTheRetryWindowHandsTheJobBackInsteadOfFailingItsRun() throws Exception {
        // S3 refuses every connection: a store on a port nothing listens on
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ArtifactStore away = new ArtifactStore("http://127.0.0.1:" + closedPort, "test", "test-secret", "artifacts")) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> runner("a", away, 2, 30).runOnce(job("run-1"), listener -> result("run-1")))
                    .isInstanceOf(JobHandedBackException.class).hasMessageContaining("retry window");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                    .isLessThan(Duration.ofSeconds(20));
        }
        assertThat(runEvents.sent).as("the run is not failed").isEmpty();
        assertThat(progress.sent).noneMatch(p -> p.getKind() == Progress.Kind.FAILED);
    }

    @Test
    void aRestartedInstanceTakesItsOwnLeaseBackAtOnce() {
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        S3.store().put(prefix + JobLease.NAME, ("pod-7/1\n" + inAnHour).getBytes(StandardCharsets.UTF_8));

        Optional<RunEvent> outcome = runner("pod-7/1").runOnce(job("run-1"), listener -> result("run-1"));

        assertThat(outcome).isPresent();
    }

    @Test
    void theTrainingGetsTheJobsCheckpointAndACompletedJobRemovesIt() {
        runner("a").runOnce(job("run-1"), listener -> {
            listener.checkpoints().save(2, "epoch 2".getBytes(StandardCharsets.UTF_8));
            listener.checkpoints().save(3, "epoch 3".getBytes(StandardCharsets.UTF_8));
            awaitUploads(listener);
            throw new IllegalStateException("killed after epoch 3");
        });
        assertThat(S3.store().exists(prefix + S3Checkpoints.NAME)).as("a failed job keeps its checkpoint").isTrue();

        Optional<RunEvent> outcome = runner("a").runOnce(job("run-1"), listener -> {
            assertThat(listener.checkpoints().latest()).hasValueSatisfying(
                    bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("epoch 3"));
            listener.onResumed(3);
            return result("run-1");
        });

        assertThat(outcome).isPresent();
        assertThat(S3.store().exists(prefix + S3Checkpoints.NAME)).isFalse();
        assertThat(progress.sent).anySatisfy(p -> {
            assertThat(p.getKind()).isEqualTo(Progress.Kind.RESUMED);
            assertThat(p.getEpoch()).isEqualTo(3);
            assertThat(p.getMessage()).isEqualTo("resumed at epoch 3");
        });
    }

    @Test
    void onlyTheTrainingHoldsASlotSoThatLoadingAndStoringOverlapOtherTrainings() throws Exception {
        TrainingSlots oneSlot = new TrainingSlots(dir.resolve("one-slot-" + UUID.randomUUID()), 1);
        CountDownLatch bothLoading = new CountDownLatch(2);
        AtomicInteger training = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Map<String, JobTiming> timings = new ConcurrentHashMap<>();
        Map<String, long[]> trainedBetween = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Optional<RunEvent>>> jobs = List.of("job-a", "job-b").stream().map(jobId -> pool.submit(() ->
                    runner(jobId, oneSlot).runOnce(new JobSpec<>("run-1", jobId, "jobs/test/" + UUID.randomUUID() + "/",
                            RunEvent.parser(), RunEvent::getRunId, done -> done, 1.0, (result, timing) -> {
                                timings.put(jobId, timing);
                                return result;
                            }), listener -> {
                        // loading: both jobs get here although the machine has one slot
                        bothLoading.countDown();
                        assertThat(await(bothLoading)).as("both jobs load at once").isTrue();
                        long loaded = System.currentTimeMillis();
                        return listener.whileTraining(() -> {
                            long from = System.currentTimeMillis();
                            mostAtOnce.accumulateAndGet(training.incrementAndGet(), Math::max);
                            sleep(300);
                            training.decrementAndGet();
                            trainedBetween.put(jobId, new long[] {loaded, from, System.currentTimeMillis()});
                            return result("run-1");
                        });
                    }))).toList();
            for (Future<Optional<RunEvent>> job : jobs) {
                assertThat(job.get(60, TimeUnit.SECONDS)).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(mostAtOnce).as("trainings at once on one slot").hasValue(1);
        timings.forEach((jobId, timing) -> {
            assertThat(timing.getWorker()).isEqualTo(jobId + "#0");
            long[] at = trainedBetween.get(jobId); // loaded, training began, training ended
            assertThat(timing.getStartedMs()).as("timed from the slot, not from the loading").isBetween(at[0], at[1]);
            assertThat(timing.getFinishedMs()).isBetween(at[2], at[2] + 1000);
        });
        assertThat(timings).containsOnlyKeys("job-a", "job-b");
    }

    @Test
    void aJobThatTrainsNothingTakesNoSlotAndIsTimedWhole() {
        TrainingSlots noneFree = new TrainingSlots(dir.resolve("busy-" + UUID.randomUUID()), 1);
        Map<String, JobTiming> timings = new ConcurrentHashMap<>();
        try (TrainingSlots.Slot held = noneFree.acquire(1.0, () -> false)) {
            long before = System.currentTimeMillis();
            Optional<RunEvent> outcome = runner("a", noneFree).runOnce(new JobSpec<>("run-1", "copy", prefix,
                    RunEvent.parser(), RunEvent::getRunId, done -> done, 1.0, (result, timing) -> {
                        timings.put("copy", timing);
                        return result;
                    }), listener -> result("run-1"));

            assertThat(outcome).as("finished while the only slot is taken").isPresent();
            assertThat(timings.get("copy").getWorker()).isEqualTo("a");
            assertThat(timings.get("copy").getStartedMs()).isGreaterThanOrEqualTo(before);
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
