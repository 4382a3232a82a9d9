package io.latentlab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentlab.kit.Topics;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.FaultHarness.DeadLetter;
import io.latentlab.launcher.FaultHarness.Instance;
import io.latentlab.launcher.FaultHarness.ProgressEvent;
import io.latentlab.proto.Progress.Kind;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product's promise under faults (docs/reliability.md), on the real local stack: stages
 * killed with SIGKILL mid-job and restarted, the broker and the S3 server stopped mid-run, duplicate and
 * malformed deliveries, a corrupted input artifact, concurrent runs, scale out and back. Every run trains
 * anew ({@code disableJobReuse}) and must end COMPLETED with a report equal, number for number, to an
 * undisturbed baseline run of the same seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 7;
    private static final long OTHER_SEED = 8;
    private static final String ARCH = "S";
    private static final int CLASSIFIER_EPOCHS = 12;
    private static final int REDUCER_EPOCHS = 10;
    /** raw, pca-k16, ae3-k64, dae30-k64; one classifier ("S") on each. */
    private static final List<String> REDUCER_JOBS = List.of("raw", "pca-k16", "ae3-k64", "dae30-k64");
    private static final List<String> CLASSIFIER_JOBS = REDUCER_JOBS.stream().map(j -> j + "-" + ARCH).toList();
    /** Timing fields of a report row: everything else must equal the baseline's exactly. */
    private static final Set<String> NOT_COMPARED = Set.of("trainSeconds", "reducerSeconds", "pictures");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
    /** Kubernetes' default terminationGracePeriodSeconds: a stage must be gone before it (its own deadline is 20 s). */
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Pattern DONE_LINE = Pattern.compile("(\\S+) (\\S+)(?: done in |: \\d+ epochs in )");

    private FaultHarness harness;
    private final Map<Long, JsonNode> baselines = new HashMap<>();

    /** The study in small: five digits, 100/30/30 per digit, four reducers, one small classifier. */
    static String request(String runId, long seed) {
        return """
                {"runId":"%s","profile":"fault","digits":[0,1,2,4,7],
                 "split":{"trainPerDigit":100,"valPerDigit":30,"testPerDigit":30},"seed":%d,
                 "reducers":[{"kind":"raw"},{"kind":"pca","k":[16]},{"kind":"ae3","k":[64]},{"kind":"dae","k":[64]}],
                 "noiseFactors":[0.3],
                 "architectures":[{"name":"%s","hidden":[256,128]}],
                 "training":{"learningRate":0.001,"batchSize":32,"maxEpochs":%d,"patience":%d},
                 "reducerTraining":{"learningRate":0.001,"batchSize":32,"maxEpochs":%d,"patience":%d},
                 "disableJobReuse":true}""".formatted(runId, seed, ARCH, CLASSIFIER_EPOCHS, CLASSIFIER_EPOCHS,
                REDUCER_EPOCHS, REDUCER_EPOCHS).replace("\n", "");
    }

    @BeforeAll
    void startStackAndBaselines() {
        Instant start = Instant.now();
        harness = FaultHarness.start();
        log("harness up in " + Duration.between(start, Instant.now()).toSeconds() + " s");
        for (long seed : List.of(SEED, OTHER_SEED)) {
            Instant runStart = Instant.now();
            String runId = "baseline-" + seed;
            submit(runId, seed);
            assertCompleted(watch(runId), runId);
            JsonNode report = report(runId);
            assertThat(rows(report).keySet()).as("rows of the baseline").containsExactlyInAnyOrderElementsOf(CLASSIFIER_JOBS);
            assertTrainedEveryJob(runId);
            baselines.put(seed, report);
            log("baseline " + runId + " in " + Duration.between(runStart, Instant.now()).toSeconds() + " s; "
                    + epochTimings(runId));
        }
    }

    @AfterEach
    void backToOneInstanceEach() {
        harness.reset();
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            logRedundantWork();
            harness.close();
        }
    }

    /** Not failures (delivery is at-least-once) but worth seeing: jobs finished twice, runs completed twice. */
    private void logRedundantWork() {
        Map<String, Long> finished = harness.events().all().stream()
                .filter(p -> p.kind() == Kind.FINISHED && !p.stage().equals("evaluator"))
                .collect(Collectors.groupingBy(p -> p.runId() + "/" + p.jobId(), TreeMap::new, Collectors.counting()));
        finished.values().removeIf(n -> n < 2);
        Map<String, Long> completed = harness.events().allRunEvents().stream().filter(RunEvent::hasCompleted)
                .collect(Collectors.groupingBy(RunEvent::getRunId, TreeMap::new, Collectors.counting()));
        completed.values().removeIf(n -> n < 2);
        log("jobs FINISHED more than once: " + finished + "; runs completed more than once: " + completed);
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    @Order(1)
    void reducerTrainerKilledMidAutoencoderResumesFromItsCheckpoint() {
        killMidTrainingAndResume("kill-reducer", "reducer-trainer", "ae3-k64");
    }

    @Test
    @Order(2)
    void classifierTrainerKilledMidTrainingResumesFromItsCheckpoint() {
        // raw-S: the first classifier job and the slowest per epoch (784 inputs)
        killMidTrainingAndResume("kill-classifier", "classifier-trainer", "raw-" + ARCH);
    }

    /** kill -9 the stage once {@code jobId} is past its third epoch, restart it: the job resumes from its checkpoint. */
    private void killMidTrainingAndResume(String runId, String stage, String jobId) {
        faultMidTrainingAndResume(runId, stage, jobId, trainer -> {
            trainer.kill();
            log("killed " + trainer);
        });
    }

    /** Submits, applies {@code fault} to the stage once {@code jobId} is past its third epoch, restarts it, checks. */
    private void faultMidTrainingAndResume(String runId, String stage, String jobId, java.util.function.Consumer<Instance> fault) {
        submit(runId, SEED);
        ProgressEvent midTraining = awaitProgress(p -> p.runId().equals(runId) && p.stage().equals(stage)
                && p.kind() == Kind.EPOCH && p.epoch() >= 3 && p.jobId().equals(jobId), Duration.ofMinutes(4));
        Instance trainer = harness.instance(stage);
        log("fault at " + midTraining);
        fault.accept(trainer);
        trainer.restart();

        assertCompleted(watch(runId), runId);
        assertResumed(runId, midTraining.jobId());
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(3)
    void dataPrepNoiseInjectorAndEvaluatorKilledWhileHoldingWork() {
        String runId = "kill-others";
        submit(runId, SEED);
        // data-prep holds the request: it has started splitting
        awaitProgress(p -> p.runId().equals(runId) && p.stage().equals("data-prep") && p.kind() == Kind.STARTED,
                Duration.ofMinutes(2));
        Instance dataPrep = harness.instance("data-prep");
        dataPrep.kill();
        dataPrep.restart();
        // the noise-injector holds the accepted run: it has started the noisy copy
        awaitProgress(p -> p.runId().equals(runId) && p.stage().equals("noise-injector") && p.kind() == Kind.STARTED,
                Duration.ofMinutes(3));
        Instance noise = harness.instance("noise-injector");
        noise.kill();
        noise.restart();
        // the evaluator holds results: it has filed the first row
        awaitProgress(p -> p.runId().equals(runId) && p.stage().equals("evaluator") && p.kind() == Kind.FINISHED,
                Duration.ofMinutes(4));
        Instance evaluator = harness.instance("evaluator");
        evaluator.kill();
        evaluator.restart();

        assertCompleted(watch(runId), runId);
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(4)
    void brokerStoppedFor20SecondsMidRun() {
        outageMidRun("broker-stop", harness.kafka(), "broker", Duration.ofSeconds(20));
    }

    @Test
    @Order(5)
    void s3StoppedFor30SecondsMidRunFailsNoJob() {
        outageMidRun("s3-stop", harness.s3(), "S3", Duration.ofSeconds(30));
    }

    /** Stops a server once an autoencoder is past its second epoch, starts it again after {@code outage}: no job fails. */
    private void outageMidRun(String runId, FaultHarness.ServerProcess server, String name, Duration outage) {
        submit(runId, SEED);
        ProgressEvent midRun = awaitProgress(p -> p.runId().equals(runId) && p.stage().equals("reducer-trainer")
                && p.kind() == Kind.EPOCH && p.epoch() >= 2, Duration.ofMinutes(4));
        server.stop();
        log(name + " stopped at " + midRun);
        sleep(outage);
        server.start();
        log(name + " started again");

        assertCompleted(watch(runId), runId);
        assertNoFailures(runId);
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(6)
    void duplicateReducerAndClassifierJobsGiveOneResultAndOneRow() {
        String runId = "duplicates";
        submit(runId, SEED);
        String reducerKey = runId + "/pca-k16";
        String classifierKey = runId + "/pca-k16-" + ARCH;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> has(Topics.REDUCER_JOBS, reducerKey));
        harness.redeliver(harness.record(Topics.REDUCER_JOBS, reducerKey));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> has(Topics.CLASSIFIER_JOBS, classifierKey));
        harness.redeliver(harness.record(Topics.CLASSIFIER_JOBS, classifierKey));

        assertCompleted(watch(runId), runId);
        // the copies were handled too (as reused outputs), not trained a second time
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(count(runId, "pca-k16", Kind.SKIPPED)).as("the second pca-k16 found its outputs").isGreaterThanOrEqualTo(1);
            assertThat(count(runId, "pca-k16-" + ARCH, Kind.SKIPPED)).as("the second pca-k16-S found its outputs")
                    .isGreaterThanOrEqualTo(1);
        });
        assertThat(count(runId, "pca-k16", Kind.FINISHED)).as("pca-k16 trained once").isEqualTo(1);
        assertThat(count(runId, "pca-k16-" + ARCH, Kind.FINISHED)).as("pca-k16-S trained once").isEqualTo(1);
        try (ArtifactStore store = harness.store()) {
            assertThat(store.list("runs/" + runId + "/rows/")).as("one row file per classifier job").hasSize(CLASSIFIER_JOBS.size());
            // the report in the store (rewritten or not after the copies) still has every row once
            JsonNode stored = readJson(store.getByKey("runs/" + runId + "/report.json"));
            assertThat(rows(stored).keySet()).containsExactlyInAnyOrderElementsOf(CLASSIFIER_JOBS);
        }
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(7)
    void corruptedInputArtifactFailsTheRunAndARetryCompletesIt() {
        RunAccepted baseline = accepted("baseline-" + SEED);
        String key = baseline.getDataset().getTrain().getFeatures().getKey();
        try (ArtifactStore store = harness.store()) {
            byte[] original = store.getByKey(key);
            byte[] corrupted = original.clone();
            // same size, other pixels (past the .npy header): only the sha256 tells
            for (int i = corrupted.length / 2; i < corrupted.length / 2 + 64; i++) {
                corrupted[i] = (byte) ~corrupted[i];
            }
            String runId = "corrupt";
            try {
                store.put(key, corrupted);
                submit(runId, SEED);
                RunOutcome failed = watch(runId);
                assertThat(failed.status()).as("%s: %s", failed.reasons(), harness.events().describe(runId))
                        .isEqualTo(RunOutcome.Status.FAILED);
                assertThat(String.join("\n", failed.reasons())).as("the reason names the artifact").contains(key);
                assertThat(harness.events().runEvents(runId)).as("a failed run event")
                        .anySatisfy(e -> assertThat(e.getFailed().getReason()).contains(key));
            } finally {
                store.put(key, original);
            }
            int exit = LatentLabCli.execute(new String[]{"retry", runId, "--timeout-minutes", "6"}, harness.config());
            assertThat(exit).as("retry of %s: %s", runId, harness.events().describe(runId)).isZero();
            assertEqualsBaseline(runId, SEED);
        }
    }

    @Test
    @Order(8)
    void twoRunsWithDifferentSeedsAtOnceDoNotCross() {
        submit("two-a", SEED);
        submit("two-b", OTHER_SEED);
        assertCompleted(watch("two-a"), "two-a");
        assertCompleted(watch("two-b"), "two-b");
        assertEqualsBaseline("two-a", SEED);
        assertEqualsBaseline("two-b", OTHER_SEED);
    }

    @Test
    @Order(9)
    void sameRequestTwiceWithoutJobReuseTrainsTwiceToTheSameNumbers() {
        submit("same-1", SEED);
        submit("same-2", SEED);
        assertCompleted(watch("same-1"), "same-1");
        assertCompleted(watch("same-2"), "same-2");
        assertTrainedEveryJob("same-1");
        assertTrainedEveryJob("same-2");
        assertThat(differences(report("same-2"), report("same-1"))).as("same-2 against same-1").isEmpty();
        assertEqualsBaseline("same-1", SEED);
    }

    @Test
    @Order(10)
    void bytesThatAreNoMessageGoToDeadLettersAndConsumersCarryOn() {
        byte[] garbage = "\u000fnot a message \u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1);
        List<String> topics = List.of(Topics.RUN_REQUESTS, Topics.REDUCER_JOBS, Topics.CLASSIFIER_JOBS,
                Topics.CLASSIFIER_RESULTS, Topics.RUN_EVENTS);
        for (String topic : topics) {
            harness.publish(topic, "garbage-" + topic, garbage);
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, DeadLetter> byKey = harness.events().deadLetters().stream()
                    .filter(d -> d.key() != null && d.key().startsWith("garbage-"))
                    .collect(Collectors.toMap(DeadLetter::key, d -> d, (a, b) -> a));
            assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(topics.stream().map(t -> "garbage-" + t).toList());
            for (String topic : topics) {
                DeadLetter letter = byKey.get("garbage-" + topic);
                assertThat(letter.value()).as("the original bytes from %s", topic).isEqualTo(garbage);
                assertThat(letter.headers()).as("headers of the dead letter from %s", topic)
                        .containsEntry("dead-letter-topic", topic)
                        .hasEntrySatisfying("dead-letter-reason", reason -> assertThat(reason).isNotBlank());
            }
        });
        harness.events().deadLetters().stream().filter(d -> ("garbage-" + Topics.REDUCER_JOBS).equals(d.key())).findFirst()
                .ifPresent(letter -> log("dead letter headers: " + letter.headers()));
        String runId = "after-garbage";
        submit(runId, SEED);
        assertCompleted(watch(runId), runId);
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(11)
    void trainersScaleOutMidRunShareJobsAndHandOverAKilledInstancesJob() {
        // two runs (one per seed) give the trainers enough work left when the second instances are up
        List<String> runIds = spreadingRunIds();
        Map<String, Set<String>> seenRunning = new ConcurrentHashMap<>();
        MetricsSampler sampler = new MetricsSampler(runIds, seenRunning);
        sampler.start();
        try {
            submit(runIds.get(0), SEED);
            submit(runIds.get(1), OTHER_SEED);
            awaitProgress(p -> runIds.contains(p.runId()) && p.stage().equals("reducer-trainer") && p.kind() == Kind.STARTED,
                    Duration.ofMinutes(3));
            CompletableFuture<Instance> reducer2 = CompletableFuture.supplyAsync(() -> harness.scaleOut("reducer-trainer", Map.of()));
            CompletableFuture<Instance> classifier2 = CompletableFuture.supplyAsync(() -> harness.scaleOut("classifier-trainer", Map.of()));
            reducer2.join();
            classifier2.join();
            log("scaled out: " + harness.alive("reducer-trainer") + " " + harness.alive("classifier-trainer"));

            // kill a trainer instance that is mid-training (epoch >= 3) while its stage has another instance
            Victim victim = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> midTrainingVictim(runIds), Optional::isPresent).get();
            victim.instance().kill();
            log("killed " + victim.instance() + " mid-job " + victim.runId() + "/" + victim.jobId() + " at epoch " + victim.epoch());

            for (String runId : runIds) {
                assertCompleted(watch(runId), runId);
            }
            assertResumed(victim.runId(), victim.jobId());
            Instance survivor = harness.alive(victim.instance().stage).get(0);
            assertThat(doneJobs(survivor, victim.runId())).as("%s finished the job of the killed %s", survivor, victim.instance())
                    .contains(victim.jobId());
            for (String stage : List.of("reducer-trainer", "classifier-trainer")) {
                for (Instance instance : harness.instances(stage)) {
                    Set<String> trained = new LinkedHashSet<>(seenRunning.getOrDefault(instance.id(), Set.of()));
                    runIds.forEach(runId -> doneJobs(instance, runId).forEach(job -> trained.add(runId + "/" + job)));
                    log(instance + " trained " + trained);
                    assertThat(trained).as("jobs trained by %s", instance).isNotEmpty();
                }
            }
            assertEqualsBaseline(runIds.get(0), SEED);
            assertEqualsBaseline(runIds.get(1), OTHER_SEED);
        } finally {
            sampler.close();
        }
    }

    @Test
    @Order(12)
    void reducerTrainerSigtermedMidAutoencoderHandsItsJobBackAndNoJobFails() {
        terminateMidTrainingAndResume("term-reducer", "reducer-trainer", "ae3-k64");
    }

    @Test
    @Order(13)
    void classifierTrainerSigtermedMidTrainingHandsItsJobBackAndNoJobFails() {
        terminateMidTrainingAndResume("term-classifier", "classifier-trainer", "raw-" + ARCH);
    }

    /**
     * SIGTERM (a rolling update) to the stage once {@code jobId} is past its third epoch: the stage exits on its own
     * well inside Kubernetes' 30 s grace period, its job resumes after the restart from the epoch it had reached
     * (the hand-back checkpoints it), and nothing fails.
     */
    private void terminateMidTrainingAndResume(String runId, String stage, String jobId) {
        int[] lastEpochBefore = new int[1];
        faultMidTrainingAndResume(runId, stage, jobId, trainer -> {
            Instant sent = Instant.now();
            boolean exitedOnItsOwn = trainer.terminate(GRACE);
            Duration shutdown = Duration.between(sent, Instant.now());
            lastEpochBefore[0] = lastEpoch(runId, jobId);
            log("SIGTERM to " + trainer + ": exited " + (exitedOnItsOwn ? "on its own" : "by SIGKILL") + " after "
                    + shutdown.toMillis() + " ms; last epoch reported " + lastEpochBefore[0]);
            assertThat(exitedOnItsOwn).as("%s exited before the SIGKILL", trainer).isTrue();
            assertThat(shutdown).isLessThan(GRACE);
        });
        assertThat(resumedEpoch(runId, jobId)).as("the hand-back checkpointed the epoch reached (%d)", lastEpochBefore[0])
                .isGreaterThanOrEqualTo(lastEpochBefore[0]);
        assertNoFailures(runId);
    }

    @Test
    @Order(14)
    void oneOfTwoReducerTrainersScaledAwayMidTrainingHandsItsJobToTheOther() {
        String runId = "scale-away";
        harness.scaleOut("reducer-trainer", Map.of());
        submit(runId, SEED);
        Victim victim = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> midTrainingVictim(List.of(runId)), Optional::isPresent).get();
        boolean exitedOnItsOwn = victim.instance().terminate(GRACE);
        log("scaled " + victim.instance() + " away mid " + victim.jobId() + " at epoch " + victim.epoch());
        assertThat(exitedOnItsOwn).as("%s exited before the SIGKILL", victim.instance()).isTrue();

        assertCompleted(watch(runId), runId);
        assertResumed(runId, victim.jobId());
        Instance survivor = harness.alive("reducer-trainer").get(0);
        assertThat(doneJobs(survivor, runId)).as("%s finished the job", survivor).contains(victim.jobId());
        assertNoFailures(runId);
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(15)
    void aLeaseHolderPausedPastTheTtlLosesItsJobToAnotherAndWritesNothingAfterItWakes() {
        String runId = "paused-holder";
        harness.scaleOut("reducer-trainer", Map.of());
        Set<String> checkpointsBefore = checkpoints();
        submit(runId, SEED);
        Victim victim = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> midTrainingVictim(List.of(runId)), Optional::isPresent).get();
        Instance other = harness.alive("reducer-trainer").stream().filter(i -> i != victim.instance()).findFirst().orElseThrow();
        victim.instance().pause();
        log("paused " + victim.instance() + " mid " + victim.jobId() + " at epoch " + victim.epoch());
        try {
            // the group hands the job over (session timeout) and the other instance takes the lease once it saw it
            // unrenewed for a TTL; only then does the holder wake up
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runningJobs(other, runId).containsKey(victim.jobId())
                            || doneJobs(other, runId).contains(victim.jobId()));
            log(other + " took " + victim.jobId() + " over");
        } finally {
            victim.instance().resume();
        }

        assertCompleted(watch(runId), runId);
        assertThat(count(runId, victim.jobId(), Kind.FINISHED)).as("one training's outputs count").isEqualTo(1);
        assertThat(doneJobs(victim.instance(), runId)).as("the woken holder finished nothing").doesNotContain(victim.jobId());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(checkpoints()).as("no checkpoint re-created by the woken holder").isEqualTo(checkpointsBefore));
        assertNoFailures(runId);
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(16)
    void s3AwayLongerThanTwoLeaseTtlsWhenAJobOlderThanTheRetryWindowStoresItsOutputsFailsNothing() {
        String runId = "s3-late";
        // a reducer-trainer whose retry window (3 s) is shorter than its autoencoder jobs: under the old rule (a window
        // from the job's start) the outage below failed the run at once
        Instance shortWindow = harness.scaleOut("reducer-trainer", Map.of("LATENTLAB_RETRY_SECONDS", "3"));
        Instance original = harness.instance("reducer-trainer");
        assertThat(original.terminate(GRACE)).isTrue();
        submit(runId, SEED);
        ProgressEvent storing = awaitProgress(p -> p.runId().equals(runId) && p.jobId().equals("ae3-k64")
                && p.kind() == Kind.EPOCH && p.epoch() >= REDUCER_EPOCHS - 1, Duration.ofMinutes(4));
        harness.s3().stop();
        log("S3 stopped at " + storing + " on " + shortWindow + " for 25 s (2.5 lease TTLs)");
        sleep(Duration.ofSeconds(25));
        harness.s3().start();

        assertCompleted(watch(runId), runId);
        assertNoFailures(runId);
        assertEqualsBaseline(runId, SEED);
    }

    @Test
    @Order(17)
    void brokerStoppedPastTheProducersDeliveryTimeoutFailsNoJob() {
        // 150 s: longer than the producers' delivery timeout (120 s), so publishing after a job fails and is redone
        outageMidRun("broker-150", harness.kafka(), "broker", Duration.ofSeconds(150));
    }

    private Set<String> checkpoints() {
        try (ArtifactStore store = harness.store()) {
            return store.list("jobs/").stream().filter(key -> key.endsWith("/checkpoint.bin"))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    private int lastEpoch(String runId, String jobId) {
        return harness.events().progress(runId, jobId).stream().filter(p -> p.kind() == Kind.EPOCH)
                .mapToInt(ProgressEvent::epoch).max().orElse(0);
    }

    private int resumedEpoch(String runId, String jobId) {
        return harness.events().progress(runId, jobId).stream().filter(p -> p.kind() == Kind.RESUMED)
                .mapToInt(ProgressEvent::epoch).findFirst().orElse(-1);
    }

    // ------------------------------------------------------------------ runs and reports

    private void submit(String runId, long seed) {
        int exit = LatentLabCli.execute(new String[]{"submit", "--request", request(runId, seed)}, harness.config());
        assertThat(exit).as("submit " + runId).isZero();
    }

    private RunOutcome watch(String runId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArtifactStore store = harness.store()) {
            RunOutcome outcome = new RunWatcher(harness.config(), store, new PrintStream(out, true, StandardCharsets.UTF_8), false)
                    .watch(runId, RUN_TIMEOUT);
            return outcome;
        }
    }

    private void assertCompleted(RunOutcome outcome, String runId) {
        assertThat(outcome.status()).as("run %s ended %s %s; its progress:\n%s", runId, outcome.status(), outcome.reasons(),
                harness.events().describe(runId)).isEqualTo(RunOutcome.Status.COMPLETED);
    }

    private JsonNode report(String runId) {
        Path json = harness.config().runsDir().resolve(runId).resolve("report.json");
        try {
            return JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report's rows by job id, without their timings; a job id seen twice fails. */
    static Map<String, JsonNode> rows(JsonNode report) {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (JsonNode row : report.get("rows")) {
            ObjectNode copy = row.deepCopy();
            NOT_COMPARED.forEach(copy::remove);
            JsonNode previous = rows.put(row.get("jobId").asText(), copy);
            assertThat(previous).as("row %s appears twice in the report of %s", row.get("jobId"), report.get("runId")).isNull();
        }
        return rows;
    }

    /** Every field of every row that differs ("jobId.field: expected vs actual"), rows missing or extra. */
    static List<String> differences(JsonNode actualReport, JsonNode expectedReport) {
        Map<String, JsonNode> actual = rows(actualReport);
        Map<String, JsonNode> expected = rows(expectedReport);
        List<String> differences = new ArrayList<>();
        for (String jobId : expected.keySet()) {
            if (!actual.containsKey(jobId)) {
                differences.add(jobId + ": missing");
            }
        }
        for (Map.Entry<String, JsonNode> row : actual.entrySet()) {
            JsonNode want = expected.get(row.getKey());
            if (want == null) {
                differences.add(row.getKey() + ": not in the baseline");
                continue;
            }
            Set<String> fields = new LinkedHashSet<>();
            want.fieldNames().forEachRemaining(fields::add);
            row.getValue().fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode a = row.getValue().get(field);
                JsonNode b = want.get(field);
                if (a == null || !a.equals(b)) {
                    differences.add("%s.%s: baseline %s, run %s".formatted(row.getKey(), field, b, a));
                }
            }
        }
        return differences;
    }

    private void assertEqualsBaseline(String runId, long seed) {
        JsonNode report = report(runId);
        assertThat(report.get("runId").asText()).isEqualTo(runId);
        assertThat(rows(report).keySet()).as("rows of %s", runId).containsExactlyInAnyOrderElementsOf(CLASSIFIER_JOBS);
        assertThat(differences(report, baselines.get(seed))).as("%s against baseline-%d", runId, seed).isEmpty();
        assertTrainedEveryJob(runId);
    }

    /**
     * Every reducer and classifier job of the run started a training (none reused another run's outputs). Awaited:
     * the follower reads the progress topic on a consumer of its own, which after a broker restart may still be
     * catching up when the run's watcher, on another consumer, has seen it complete.
     */
    private void assertTrainedEveryJob(String runId) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String jobId : concat(REDUCER_JOBS, CLASSIFIER_JOBS)) {
                assertThat(count(runId, jobId, Kind.STARTED))
                        .as("%s/%s trained in this run (disableJobReuse); the run's progress:\n%s", runId, jobId,
                                harness.events().describe(runId))
                        .isGreaterThanOrEqualTo(1);
            }
        });
    }

    private void assertNoFailures(String runId) {
        assertThat(harness.events().progress(runId)).as("FAILED progress of %s", runId)
                .noneMatch(p -> p.kind() == Kind.FAILED);
        assertThat(harness.events().runEvents(runId)).noneMatch(RunEvent::hasFailed);
    }

    /**
     * The job continued from its checkpoint: a RESUMED event at epoch e >= 2 ("resumed at epoch e"), and the
     * job's next EPOCH event is e + 1, not 1.
     */
    private void assertResumed(String runId, String jobId) {
        List<ProgressEvent> events = harness.events().progress(runId, jobId);
        String all = events.stream().map(ProgressEvent::toString).collect(Collectors.joining("\n"));
        int resumedAt = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind() == Kind.RESUMED) {
                resumedAt = i;
                break;
            }
        }
        assertThat(resumedAt).as("a RESUMED event of %s/%s among:\n%s", runId, jobId, all).isNotNegative();
        ProgressEvent resumed = events.get(resumedAt);
        // After an epoch, not from scratch. How far behind the kill (at epoch 3 or later) is not fixed: the harness
        // checkpoints every epoch, uploads run off the training thread and the newest pending one wins, so while one
        // upload is slower than the epochs, the stored checkpoint trails by several epochs (docs/reliability.md).
        assertThat(resumed.epoch()).as("resumed epoch of %s", jobId).isGreaterThanOrEqualTo(1);
        assertThat(resumed.message()).isEqualTo("resumed at epoch " + resumed.epoch());
        Optional<ProgressEvent> next = events.subList(resumedAt + 1, events.size()).stream()
                .filter(p -> p.kind() == Kind.EPOCH).findFirst();
        assertThat(next).as("an EPOCH event after the resume of %s:\n%s", jobId, all).isPresent();
        assertThat(next.get().epoch()).as("first epoch after the resume of %s:\n%s", jobId, all).isEqualTo(resumed.epoch() + 1);
    }

    private RunAccepted accepted(String runId) {
        return harness.events().runEvents(runId).stream().filter(RunEvent::hasAccepted).findFirst()
                .orElseThrow(() -> new IllegalStateException("no accepted event of " + runId)).getAccepted();
    }

    // ------------------------------------------------------------------ events

    private ProgressEvent awaitProgress(Predicate<ProgressEvent> matching, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> harness.events().first(matching), Optional::isPresent).get();
    }

    private long count(String runId, String jobId, Kind kind) {
        return harness.events().progress(runId, jobId).stream().filter(p -> p.kind() == kind).count();
    }

    private boolean has(String topic, String key) {
        return harness.read(topic).stream().anyMatch(r -> key.equals(r.key()));
    }

    /** Seconds per epoch of every trained job of a run, from its progress timestamps (for tuning the request). */
    private String epochTimings(String runId) {
        Map<String, List<ProgressEvent>> byJob = harness.events().progress(runId).stream()
                .collect(Collectors.groupingBy(ProgressEvent::jobId, LinkedHashMap::new, Collectors.toList()));
        List<String> timings = new ArrayList<>();
        byJob.forEach((job, events) -> {
            List<ProgressEvent> epochs = events.stream().filter(p -> p.kind() == Kind.EPOCH).toList();
            Optional<ProgressEvent> started = events.stream().filter(p -> p.kind() == Kind.STARTED).findFirst();
            Optional<ProgressEvent> finished = events.stream().filter(p -> p.kind() == Kind.FINISHED).reduce((a, b) -> b);
            if (started.isPresent() && finished.isPresent()) {
                double total = (finished.get().timestampMs() - started.get().timestampMs()) / 1000.0;
                timings.add("%s %.1fs/%d epochs".formatted(job, total, epochs.size()));
            }
        });
        return String.join(", ", timings);
    }

    // ------------------------------------------------------------------ scale out

    /**
     * Two run ids whose remaining jobs (the autoencoders, the classifiers) fall on both halves of the 4
     * partitions (0-1 and 2-3: what the range assignor gives each of two members), so that two instances of
     * each trainer both get work whichever half each one holds.
     */
    private static List<String> spreadingRunIds() {
        for (int i = 1; i < 1000; i++) {
            List<String> runIds = List.of("scale-a" + i, "scale-b" + i);
            List<String> reducerKeys = new ArrayList<>();
            List<String> classifierKeys = new ArrayList<>();
            for (String runId : runIds) {
                List.of("ae3-k64", "dae30-k64").forEach(job -> reducerKeys.add(runId + "/" + job));
                CLASSIFIER_JOBS.forEach(job -> classifierKeys.add(runId + "/" + job));
            }
            if (bothHalves(reducerKeys) && bothHalves(classifierKeys)) {
                return runIds;
            }
        }
        throw new IllegalStateException("no run ids spread the jobs");
    }

    private static boolean bothHalves(List<String> keys) {
        Set<Integer> halves = new java.util.HashSet<>();
        for (String key : keys) {
            halves.add(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 4 / 2);
        }
        return halves.size() == 2;
    }

    record Victim(Instance instance, String runId, String jobId, int epoch) {
    }

    /**
     * ae3-k64 or raw-S (the longest jobs of their stage) at an epoch from 3 to 3 before its last: killed there, it
     * has a checkpoint to resume from and epochs left to train.
     */
    private Optional<Victim> midTrainingVictim(List<String> runIds) {
        for (String stage : List.of("reducer-trainer", "classifier-trainer")) {
            List<Instance> alive = harness.alive(stage);
            if (alive.size() < 2) {
                continue;
            }
            for (Instance instance : alive) {
                for (String runId : runIds) {
                    for (Map.Entry<String, Integer> job : runningJobs(instance, runId).entrySet()) {
                        int last = job.getKey().equals("ae3-k64") ? REDUCER_EPOCHS
                                : job.getKey().equals("raw-" + ARCH) ? CLASSIFIER_EPOCHS : 0;
                        if (job.getValue() >= 3 && job.getValue() <= last - 3) {
                            return Optional.of(new Victim(instance, runId, job.getKey(), job.getValue()));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static final Pattern EPOCH_GAUGE = Pattern.compile("latentlab_job_epoch\\{([^}]*)} ([0-9.eE+-]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The run's jobs an instance trains right now and their epoch, from its /q/metrics gauges. */
    static Map<String, Integer> runningJobs(Instance instance, String runId) {
        Map<String, Integer> jobs = new TreeMap<>();
        if (!instance.alive() || instance.httpPort() <= 0) {
            return jobs;
        }
        String text;
        try {
            text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return jobs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return jobs;
        }
        Matcher gauge = EPOCH_GAUGE.matcher(text);
        while (gauge.find()) {
            Map<String, String> labels = labels(gauge.group(1));
            if (runId.equals(labels.get("run"))) {
                jobs.put(labels.get("job"), (int) Double.parseDouble(gauge.group(2)));
            }
        }
        return jobs;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        Matcher label = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }

    /** The run's jobs an instance finished, from its "done in" / "N epochs in" log lines (over all its starts). */
    static Set<String> doneJobs(Instance instance, String runId) {
        Set<String> done = new LinkedHashSet<>();
        for (String line : instance.logText().split("\n")) {
            Matcher m = DONE_LINE.matcher(line);
            while (m.find()) {
                if (m.group(1).equals(runId)) {
                    done.add(m.group(2));
                }
            }
        }
        return done;
    }

    /** Polls every trainer instance's metrics: which instance had which of the runs' jobs in flight ("run/job"). */
    private final class MetricsSampler extends Thread implements AutoCloseable {

        private final List<String> runIds;
        private final Map<String, Set<String>> seen;
        private volatile boolean running = true;

        MetricsSampler(List<String> runIds, Map<String, Set<String>> seen) {
            super("metrics-sampler");
            setDaemon(true);
            this.runIds = runIds;
            this.seen = seen;
        }

        @Override
        public void run() {
            while (running) {
                for (String stage : List.of("reducer-trainer", "classifier-trainer")) {
                    for (Instance instance : harness.alive(stage)) {
                        for (String runId : runIds) {
                            runningJobs(instance, runId).keySet().forEach(job -> seen
                                    .computeIfAbsent(instance.id(), k -> ConcurrentHashMap.newKeySet()).add(runId + "/" + job));
                        }
                    }
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            running = false;
            interrupt();
        }
    }

    // ------------------------------------------------------------------ small things

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void log(String message) {
        System.out.println("[fault] " + Instant.now() + " " + message);
    }
}
