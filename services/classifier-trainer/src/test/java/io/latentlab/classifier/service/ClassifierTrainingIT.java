package io.latentlab.classifier.service;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.ReducerResult;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.TrainingSettings;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.latentlab.testsupport.TinyDigits;
import io.latentlab.testsupport.StageEvents;
import io.latentlab.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The classifier trainer on a real KRaft broker and s3proxy: a classifier job in, a model and its predictions out. */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class ClassifierTrainingIT {

    private static final Duration WAIT = Duration.ofSeconds(50);

    @Inject
    DatasetStore datasets;

    @Inject
    ArtifactStore store;

    @Test
    void aJobTrainsAClassifierAndPublishesItsModelPredictionsAndProbabilities() {
        String runId = "mlp-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef codes = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 6, 21), runId);

        TopicProbe.send(Topics.CLASSIFIER_JOBS, runId + "/raw-A1", job(runId, codes).toByteArray());

        List<ClassifierResult> results = results(runId, WAIT);
        assertThat(results).hasSize(1);
        ClassifierResult result = results.get(0);
        assertThat(result.getJob().getJobId()).isEqualTo("raw-A1");
        assertThat(result.getTrainedByRun()).isEqualTo(runId);
        assertThat(result.getEpochs()).isBetween(1, 2);
        assertThat(result.getTrainLossList()).hasSize(result.getEpochs());
        assertThat(store.get(result.getModel())).isNotEmpty();
        int[] testPredictions = Npy.readInts(store.get(result.getTestPredictions()));
        assertThat(testPredictions).hasSize(codes.getTest().getRows());
        assertThat(IntStream.of(testPredictions)).allMatch(c -> c >= 0 && c < 3);
        assertThat(Npy.readInts(store.get(result.getValPredictions()))).hasSize(codes.getVal().getRows());
        FloatMatrix probabilities = Npy.readFloatMatrix(store.get(result.getTestProbabilities()));
        assertThat(probabilities.rows()).isEqualTo(codes.getTest().getRows());
        assertThat(probabilities.cols()).as("one column per class").isEqualTo(3);
        for (int row = 0; row < probabilities.rows(); row++) {
            float[] p = probabilities.row(row);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, within(1e-4f));
            assertThat(testPredictions[row]).as("the prediction is the most probable class")
                    .isEqualTo(p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2);
        }
        assertThat(result.getPicturesList()).extracting(p -> p.getName()).containsExactly("curve-raw-A1");
        assertThat(StageEvents.progress(runId, Progress.Kind.FINISHED, WAIT)).isNotEmpty();
    }

    @Test
    void aCorruptInputFailsTheJobAndItsRunAndPublishesNoResult() {
        String runId = "mlp-bad-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef codes = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 6, 22), runId);
        store.put(codes.getTest().getLabels().getKey(), "tampered".getBytes(StandardCharsets.UTF_8));

        TopicProbe.send(Topics.CLASSIFIER_JOBS, runId + "/raw-A1", job(runId, codes).toByteArray());

        StageEvents.assertRunFailed(runId, "classifier-trainer", "raw-A1", codes.getTest().getLabels().getKey(), WAIT);
        assertThat(results(runId, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void bytesThatAreNoClassifierJobGoToTheDeadLettersAndTheConsumerCarriesOn() {
        String runId = "mlp-after-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef codes = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 6, 23), runId);

        StageEvents.assertGarbageIsDeadLettered(Topics.CLASSIFIER_JOBS, WAIT);
        TopicProbe.send(Topics.CLASSIFIER_JOBS, runId + "/raw-A1", job(runId, codes).toByteArray());

        assertThat(results(runId, WAIT)).hasSize(1);
    }

    /** A classifier on the raw pixels (the identity reducer's codes are the dataset itself). */
    private static ClassifierJob job(String runId, DatasetRef codes) {
        ReducerResult raw = ReducerResult.newBuilder().setRunId(runId).setJobId("raw").setKind("raw")
                .setCodes(codes).setTrainedByRun(runId).build();
        return ClassifierJob.newBuilder().setRunId(runId).setJobId("raw-A1").setSeed(7).setNumClasses(3)
                .setArchitecture(Architecture.newBuilder().setName("A1").addHidden(16))
                .setTraining(TrainingSettings.newBuilder().setLearningRate(0.01).setBatchSize(9).setMaxEpochs(2).setPatience(2))
                .setReducer(raw).setDataset(codes).setClassifierJobs(1).build();
    }

    private static List<ClassifierResult> results(String runId, Duration timeout) {
        return TopicProbe.await(Topics.CLASSIFIER_RESULTS, 1, timeout, r -> r.key().startsWith(runId + "/")).stream()
                .map(r -> EventCodec.decode(r.value(), ClassifierResult.parser(), "classifier result")).toList();
    }
}
