package io.latentlab.evaluator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.io.Npy;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReconMse;
import io.latentlab.proto.ReducerResult;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.latentlab.testsupport.TinyDigits;
import io.latentlab.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator on a real KRaft broker and s3proxy: a run's one classifier result in, its scored row, the
 * report and the completed run event out.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class EvaluationIT {

    private static final Duration WAIT = Duration.ofSeconds(50);
    private static final String JOB_ID = "pca-k4-A1";

    @Inject
    DatasetStore datasets;

    @Inject
    ArtifactStore store;

    @Inject
    ObjectMapper json;

    @Test
    void theLastResultOfARunIsScoredAndCompletesTheRunWithItsReport() throws IOException {
        String runId = "eval-" + UUID.randomUUID().toString().substring(0, 8);
        ClassifierResult result = storedResult(runId);

        TopicProbe.send(Topics.CLASSIFIER_RESULTS, runId + "/" + JOB_ID, result.toByteArray());

        List<RunEvent> completed = runEvents(runId, RunEvent::hasCompleted, WAIT);
        assertThat(completed).as("a completed run event").hasSize(1);
        JsonNode row = json.readTree(store.getByKey(StoreKeys.runRow(runId, JOB_ID)));
        assertThat(row.path("valAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(row.path("testAccuracy").asDouble()).as("3 of 12 test images wrong").isEqualTo(0.75);
        assertThat(row.path("testImages").asInt()).isEqualTo(12);
        JsonNode report = json.readTree(store.get(completed.get(0).getCompleted().getReportJson()));
        assertThat(report.path("runId").asText()).isEqualTo(runId);
        assertThat(report.path("rows")).hasSize(1);
        assertThat(report.path("rows").get(0).path("testAccuracy").asDouble()).isEqualTo(0.75);
        assertThat(new String(store.get(completed.get(0).getCompleted().getReportHtml()), StandardCharsets.UTF_8))
                .contains(runId);
        assertThat(store.get(completed.get(0).getCompleted().getReportMd())).isNotEmpty();
        String csv = new String(store.getByKey(StoreKeys.runReport(runId, "report.csv")), StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("family,reducer,noise,k,arch,n,valAccuracy,").contains(",pca,,4,A1,1,1.0,");
    }

    @Test
    void aCorruptPredictionFileFailsTheRunNamingTheEvaluationAndWritesNoReport() {
        String runId = "eval-bad-" + UUID.randomUUID().toString().substring(0, 8);
        ClassifierResult result = storedResult(runId);
        store.put(result.getTestPredictions().getKey(), "tampered".getBytes(StandardCharsets.UTF_8));

        TopicProbe.send(Topics.CLASSIFIER_RESULTS, runId + "/" + JOB_ID, result.toByteArray());

        List<RunEvent> failures = runEvents(runId, RunEvent::hasFailed, WAIT);
        assertThat(failures).as("a failed run event").hasSize(1);
        assertThat(failures.get(0).getFailed().getStage()).isEqualTo("evaluator");
        assertThat(failures.get(0).getFailed().getJobId()).isEqualTo("eval-" + JOB_ID);
        assertThat(failures.get(0).getFailed().getReason()).contains(result.getTestPredictions().getKey());
        assertThat(store.exists(StoreKeys.runReport(runId, "report.json"))).isFalse();
        assertThat(runEvents(runId, RunEvent::hasCompleted, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void bytesThatAreNoClassifierResultGoToTheDeadLettersAndTheConsumerCarriesOn() {
        String garbageKey = "garbage-" + UUID.randomUUID();
        String runId = "eval-after-" + UUID.randomUUID().toString().substring(0, 8);
        ClassifierResult result = storedResult(runId);

        TopicProbe.send(Topics.CLASSIFIER_RESULTS, garbageKey, "this is not a classifier result".getBytes(StandardCharsets.UTF_8));
        TopicProbe.send(Topics.CLASSIFIER_RESULTS, runId + "/" + JOB_ID, result.toByteArray());

        assertThat(TopicProbe.await(Topics.DEAD_LETTERS, 1, WAIT, r -> garbageKey.equals(r.key())))
                .singleElement().satisfies(r -> assertThat(r.headers().lastHeader("dead-letter-reason")).isNotNull());
        assertThat(runEvents(runId, RunEvent::hasCompleted, WAIT)).hasSize(1);
    }

    /**
     * What data-prep and the trainers leave in S3 for a run of one classifier job (the accepted run, the
     * labels, the predictions) and the result that names them: every validation image right, 3 test images wrong.
     */
    private ClassifierResult storedResult(String runId) {
        DatasetRef codes = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 4, 31), runId);
        RunRequest request = RunRequest.newBuilder().setRunId(runId).setProfile("test").addDigits(0).addDigits(1).addDigits(2)
                .setSeed(7).build();
        store.put(StoreKeys.runAccepted(runId), RunEvent.newBuilder().setRunId(runId).setTimestampMs(1)
                .setAccepted(RunAccepted.newBuilder().setRequest(request).setDataset(codes).setReducerJobs(1)
                        .setClassifierJobs(1).setAttempt(1))
                .build().toByteArray());
        int[] val = datasets.labels(codes.getVal());
        int[] test = datasets.labels(codes.getTest());
        for (int i = 0; i < 3; i++) {
            test[i] = (test[i] + 1) % 3;
        }
        String prefix = "test-jobs/" + runId + "/";
        ArtifactRef model = store.put(prefix + "model.zip", new byte[]{1, 2, 3});
        ReducerResult pca = ReducerResult.newBuilder().setRunId(runId).setJobId("pca-k4").setKind("pca").setK(4)
                .setCodes(codes).setExplainedVariance(0.9).setTrainedByRun(runId).setSeed(7)
                .setReconMse(ReconMse.newBuilder().setTrain(0.01).setVal(0.02).setTest(0.03)).build();
        ClassifierJob job = ClassifierJob.newBuilder().setRunId(runId).setJobId(JOB_ID).setSeed(7).setNumClasses(3)
                .setArchitecture(Architecture.newBuilder().setName("A1").addHidden(16))
                .setReducer(pca).setDataset(codes).setClassifierJobs(1).build();
        return ClassifierResult.newBuilder().setJob(job).setModel(model).setTrainedByRun(runId)
                .setValPredictions(store.put(prefix + "val-predictions.npy", Npy.writeInts(val)))
                .setTestPredictions(store.put(prefix + "test-predictions.npy", Npy.writeInts(test)))
                .setEpochs(2).setBestEpoch(2).addTrainLoss(0.9).addTrainLoss(0.5).addValLoss(0.8).addValLoss(0.6)
                .build();
    }

    private static List<RunEvent> runEvents(String runId, Predicate<RunEvent> kind, Duration timeout) {
        return TopicProbe.awaitValues(Topics.RUN_EVENTS, 1, timeout, bytes -> EventCodec.decode(bytes, RunEvent.parser(), "run event"),
                event -> event.getRunId().equals(runId) && kind.test(event));
    }
}
