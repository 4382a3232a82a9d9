package io.latentlab.reducer.service;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerResult;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The reducer trainer on a real KRaft broker and s3proxy: a reducer job in, codes and classifier jobs out. */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class ReducerTrainingIT {

    private static final Duration WAIT = Duration.ofSeconds(50);

    @Inject
    DatasetStore datasets;

    @Inject
    ArtifactStore store;

    @Test
    void aPcaJobStoresItsCodesAndModelAndFansOutOneClassifierJobPerArchitecture() {
        String runId = "pca-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef dataset = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 6, 11), runId);

        TopicProbe.send(Topics.REDUCER_JOBS, runId + "/pca-k4", job(runId, "pca", 4, dataset).toByteArray());

        List<ClassifierJob> jobs = classifierJobs(runId, 2, WAIT);
        assertThat(jobs).extracting(ClassifierJob::getJobId).containsExactlyInAnyOrder("pca-k4-A1", "pca-k4-A2");
        ReducerResult pca = jobs.get(0).getReducer();
        assertThat(jobs.get(1).getReducer()).isEqualTo(pca);
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.getDataset()).isEqualTo(dataset);
            assertThat(job.getNumClasses()).isEqualTo(3);
            assertThat(job.getClassifierJobs()).isEqualTo(2);
        });
        assertThat(pca.getKind()).isEqualTo("pca");
        assertThat(pca.getTrainedByRun()).isEqualTo(runId);
        assertThat(pca.getCodes().getDims()).isEqualTo(4);
        FloatMatrix testCodes = datasets.features(pca.getCodes().getTest());
        assertThat(testCodes.rows()).isEqualTo(dataset.getTest().getRows());
        assertThat(testCodes.cols()).isEqualTo(4);
        assertThat(pca.getCodes().getTest().getLabels()).isEqualTo(dataset.getTest().getLabels());
        assertThat(store.get(pca.getModel())).isNotEmpty();
        // three bars and a grey pixel: four components keep nearly all of it
        assertThat(pca.getExplainedVariance()).isGreaterThan(0.5);
        assertThat(pca.getReconMse().getTest()).isPositive().isLessThan(0.01);
        assertThat(pca.getPicturesList()).extracting(p -> p.getName()).contains("recon-pca-k4");
        assertThat(StageEvents.progress(runId, Progress.Kind.FINISHED, WAIT)).isNotEmpty();
    }

    @Test
    void anAutoencoderTrainsForItsEpochsAndReportsItsLearningCurve() {
        String runId = "ae1-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef dataset = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 6, 12), runId);

        TopicProbe.send(Topics.REDUCER_JOBS, runId + "/ae1-k4", job(runId, "ae1", 4, dataset).toByteArray());

        ReducerResult ae = classifierJobs(runId, 1, WAIT).get(0).getReducer();
        assertThat(ae.getKind()).isEqualTo("ae1");
        assertThat(ae.getEpochs()).isEqualTo(2);
        assertThat(ae.getTrainLossList()).hasSize(2).allSatisfy(loss -> assertThat(loss).isPositive());
        assertThat(ae.getCodes().getDims()).isEqualTo(4);
        assertThat(datasets.features(ae.getCodes().getVal()).rows()).isEqualTo(dataset.getVal().getRows());
        assertThat(ae.getPicturesList()).extracting(p -> p.getName()).contains("curve-ae1-k4");
    }

    @Test
    void aCorruptInputFailsTheJobAndItsRunAndFansOutNothing() {
        String runId = "pca-bad-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef dataset = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 6, 13), runId);
        store.put(dataset.getTrain().getFeatures().getKey(), "tampered".getBytes(StandardCharsets.UTF_8));

        TopicProbe.send(Topics.REDUCER_JOBS, runId + "/pca-k4", job(runId, "pca", 4, dataset).toByteArray());

        StageEvents.assertRunFailed(runId, "reducer-trainer", "pca-k4", dataset.getTrain().getFeatures().getKey(), WAIT);
        assertThat(classifierJobs(runId, 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void bytesThatAreNoReducerJobGoToTheDeadLettersAndTheConsumerCarriesOn() {
        String runId = "pca-after-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef dataset = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 6, 14), runId);

        StageEvents.assertGarbageIsDeadLettered(Topics.REDUCER_JOBS, WAIT);
        TopicProbe.send(Topics.REDUCER_JOBS, runId + "/pca-k4", job(runId, "pca", 4, dataset).toByteArray());

        assertThat(classifierJobs(runId, 2, WAIT)).hasSize(2);
    }

    private static ReducerJob job(String runId, String kind, int k, DatasetRef dataset) {
        TrainingSettings twoEpochs = TrainingSettings.newBuilder().setLearningRate(0.01).setBatchSize(9)
                .setMaxEpochs(2).setPatience(2).build();
        RunRequest request = RunRequest.newBuilder().setRunId(runId).setProfile("test").addDigits(0).addDigits(1).addDigits(2)
                .setSeed(7).setReducerTraining(twoEpochs).setTraining(twoEpochs)
                .addArchitectures(Architecture.newBuilder().setName("A1").addHidden(8))
                .addArchitectures(Architecture.newBuilder().setName("A2").addHidden(8).addHidden(4))
                .build();
        return ReducerJob.newBuilder().setRunId(runId).setJobId(kind + "-k" + k).setKind(kind).setK(k)
                .setRequest(request).setDataset(dataset).setClassifierJobs(2).setSeed(7).build();
    }

    private static List<ClassifierJob> classifierJobs(String runId, int count, Duration timeout) {
        return TopicProbe.await(Topics.CLASSIFIER_JOBS, count, timeout, r -> r.key().startsWith(runId + "/")).stream()
                .map(r -> EventCodec.decode(r.value(), ClassifierJob.parser(), "job")).toList();
    }
}
