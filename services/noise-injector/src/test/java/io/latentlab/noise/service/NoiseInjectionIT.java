package io.latentlab.noise.service;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SeedPlan;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.latentlab.testsupport.TinyDigits;
import io.latentlab.testsupport.StageEvents;
import io.latentlab.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The noise injector on a real KRaft broker and s3proxy: an accepted run in, noisy copies and DAE jobs out. */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class NoiseInjectionIT {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @Inject
    DatasetStore datasets;

    @Inject
    ArtifactStore store;

    @Test
    void anAcceptedRunGetsANoisyCopyOfItsDatasetAndItsDenoisingJobs() {
        String runId = "noise-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef clean = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 4, 5), runId);

        TopicProbe.send(Topics.RUN_EVENTS, runId, accepted(runId, clean).toByteArray());

        List<ReducerJob> jobs = reducerJobs(runId, 2, WAIT).stream()
                .sorted(Comparator.comparingInt(ReducerJob::getK)).toList();
        assertThat(jobs).extracting(ReducerJob::getJobId).containsExactly("dae30-k4", "dae30-k8");
        ReducerJob job = jobs.get(0);
        assertThat(job.getKind()).isEqualTo("dae");
        assertThat(job.getNoiseFactor()).isEqualTo(0.3);
        assertThat(job.getDataset()).isEqualTo(clean);
        assertThat(jobs.get(1).getNoisy()).as("one noisy copy for every k").isEqualTo(job.getNoisy());

        DatasetRef noisy = job.getNoisy();
        assertThat(noisy.getSha256()).isNotEqualTo(clean.getSha256());
        assertThat(noisy.getTest().getLabels()).as("the clean labels, row for row").isEqualTo(clean.getTest().getLabels());
        FloatMatrix cleanTest = datasets.features(clean.getTest());
        FloatMatrix noisyTest = datasets.features(noisy.getTest());
        assertThat(noisyTest.rows()).isEqualTo(cleanTest.rows());
        assertThat(noisyTest.cols()).isEqualTo(TinyDigits.PIXELS);
        assertThat(noisyTest).isNotEqualTo(cleanTest);
        for (float value : noisyTest.data()) {
            assertThat(value).isBetween(0f, 1f);
        }
        assertThat(datasets.features(noisy.getTrain()).rows()).isEqualTo(clean.getTrain().getRows());
        assertThat(job.getPicturesList()).singleElement().satisfies(picture -> {
            assertThat(picture.getName()).isEqualTo("noisy-dae30");
            assertThat(new String(store.get(picture.getImage()), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        });
        assertThat(StageEvents.progress(runId, Progress.Kind.FINISHED, WAIT)).extracting(Progress::getJobId).containsExactly("noise-dae30");
    }

    @Test
    void aCorruptInputFailsTheJobAndItsRunAndPublishesNoJobs() {
        String runId = "noise-bad-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef clean = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 4, 5), runId);
        // the object no longer matches the sha256 its ref promises
        store.put(clean.getVal().getFeatures().getKey(), "tampered".getBytes(StandardCharsets.UTF_8));

        TopicProbe.send(Topics.RUN_EVENTS, runId, accepted(runId, clean).toByteArray());

        StageEvents.assertRunFailed(runId, "noise-injector", "noise-dae30", clean.getVal().getFeatures().getKey(), WAIT);
        assertThat(reducerJobs(runId, 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void bytesThatAreNoRunEventGoToTheDeadLettersAndTheConsumerCarriesOn() {
        String runId = "noise-after-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetRef clean = datasets.save("test-data/" + runId + "/", TinyDigits.of(3, 4, 5), runId);

        StageEvents.assertGarbageIsDeadLettered(Topics.RUN_EVENTS, WAIT);
        TopicProbe.send(Topics.RUN_EVENTS, runId, accepted(runId, clean).toByteArray());

        assertThat(reducerJobs(runId, 2, WAIT)).hasSize(2);
    }

    private static RunEvent accepted(String runId, DatasetRef dataset) {
        RunRequest request = RunRequest.newBuilder().setRunId(runId).setProfile("test").addDigits(0).addDigits(1).addDigits(2)
                .setSeed(7).addReducers(ReducerSpec.newBuilder().setKind("dae").addK(4).addK(8)).addNoiseFactors(0.3)
                .addArchitectures(Architecture.newBuilder().setName("A1").addHidden(8))
                .build();
        return RunEvent.newBuilder().setRunId(runId).setTimestampMs(1).setAccepted(RunAccepted.newBuilder()
                .setRequest(request).setDataset(dataset).setReducerJobs(2).setClassifierJobs(2).setAttempt(1)
                .addSeeds(SeedPlan.newBuilder().setRepeat(0).setSeed(7).setDataset(dataset))).build();
    }

    private static List<ReducerJob> reducerJobs(String runId, int count, Duration timeout) {
        return TopicProbe.await(Topics.REDUCER_JOBS, count, timeout, r -> r.key().startsWith(runId + "/")).stream()
                .map(r -> EventCodec.decode(r.value(), ReducerJob.parser(), "job")).toList();
    }
}
