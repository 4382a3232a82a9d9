package io.latentlab.dataprep.messaging;

import io.latentlab.kit.Topics;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.Checksums;
import io.latentlab.ml.data.DatasetFile;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.Idx;
import io.latentlab.ml.data.Splits;
import io.latentlab.testsupport.TinyDigits;
import io.latentlab.ml.data.MnistFile;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.SplitRef;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.latentlab.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.latentlab.runtime.messaging.RecordAttempts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * data-prep on a real KRaft broker and s3proxy: a request in, its splits stored and its reducer jobs out; bad
 * requests get a reason, malformed bytes a dead letter. Ordered because data-prep keeps parsed MNIST once it
 * has read it: the run without MNIST must come before MNIST is staged.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPrepIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ArtifactStore store;

    @Inject
    DatasetStore datasets;

    @Inject
    RecordAttempts attempts;

    @Test
    @Order(2)
    void aRequestIsAcceptedWithItsSplitsStoredAndOneReducerJobPerReducerAndK() {
        stageMnist();
        String runId = "prep-" + UUID.randomUUID().toString().substring(0, 8);
        send(runId, request(runId));

        RunAccepted accepted = awaitRunEvent(runId, RunEvent::hasAccepted).getAccepted();
        assertThat(accepted.getRequest().getDigitsList()).containsExactly(0, 1);
        assertThat(accepted.getAttempt()).isEqualTo(1);
        assertThat(accepted.getReducerJobs()).isEqualTo(3);
        assertThat(accepted.getClassifierJobs()).isEqualTo(3 * accepted.getRequest().getArchitecturesCount());
        DatasetRef dataset = accepted.getDataset();
        assertThat(dataset.getDims()).isEqualTo(784);
        // each split read back through its sha256, 20/10/10 images per digit, pixels scaled to [0, 1]
        assertSplit(dataset.getTrain(), 20);
        assertSplit(dataset.getVal(), 10);
        assertSplit(dataset.getTest(), 10);

        List<ReducerJob> jobs = TopicProbe.awaitValues(Topics.REDUCER_JOBS, 3, WAIT, DataPrepIT::reducerJob,
                job -> job.getRunId().equals(runId));
        assertThat(jobs).extracting(ReducerJob::getJobId).containsExactlyInAnyOrder("raw", "pca-k4", "pca-k8");
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.getDataset()).isEqualTo(dataset);
            assertThat(job.getClassifierJobs()).isEqualTo(accepted.getClassifierJobs());
        });
    }

    @Test
    @Order(3)
    void aRedeliveredRequestReannouncesTheSameAcceptanceAndDataset() {
        stageMnist();
        String runId = "prep-again-" + UUID.randomUUID().toString().substring(0, 8);
        send(runId, request(runId));
        RunAccepted first = awaitRunEvent(runId, RunEvent::hasAccepted).getAccepted();

        send(runId, request(runId));

        List<RunAccepted> both = TopicProbe.awaitValues(Topics.RUN_EVENTS, 2, WAIT, DataPrepIT::runEvent,
                e -> e.getRunId().equals(runId) && e.hasAccepted()).stream().map(RunEvent::getAccepted).toList();
        assertThat(both).hasSize(2).allSatisfy(again -> assertThat(again).isEqualTo(first));
    }

    @Test
    @Order(4)
    void aRequestThatKilledDataPrepThreeTimesIsDeadLetteredWithItsRunFailedAndTheNextRequestIsPlanned() {
        stageMnist();
        String poisonedId = "poisoned-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] poisoned = request(poisonedId).getBytes(StandardCharsets.UTF_8);
        // three processes died on this record (out of memory, before any catch): what they left behind is three
        // counted starts of the offset it is about to get
        long offset = nextOffset(Topics.RUN_REQUESTS, 0);
        ConsumerRecord<String, byte[]> upcoming = new ConsumerRecord<>(Topics.RUN_REQUESTS, 0, offset, poisonedId, poisoned);
        for (int death = 1; death <= 3; death++) {
            assertThat(attempts.begin(upcoming)).isEqualTo(death);
        }
        String goodId = "after-poison-" + UUID.randomUUID().toString().substring(0, 8);
        sendToPartition0(poisonedId, poisoned);
        sendToPartition0(goodId, request(goodId).getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.await(Topics.DEAD_LETTERS, 1, WAIT,
                r -> Arrays.equals(r.value(), poisoned));
        assertThat(dead).as("the poisoned request in the dead letters").isNotEmpty();
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("was started 3 times by data-prep");
        RunEvent failed = awaitRunEvent(poisonedId, RunEvent::hasFailed);
        assertThat(failed.getFailed().getStage()).isEqualTo("data-prep");
        assertThat(failed.getFailed().getReason()).contains("given up instead of being processed again");
        // the next request on the same partition is handled as usual
        RunAccepted accepted = awaitRunEvent(goodId, RunEvent::hasAccepted).getAccepted();
        assertThat(accepted.getReducerJobs()).isEqualTo(3);
        assertThat(TopicProbe.awaitValues(Topics.REDUCER_JOBS, 3, WAIT, DataPrepIT::reducerJob,
                job -> job.getRunId().equals(goodId))).hasSize(3);
        assertThat(TopicProbe.awaitValues(Topics.RUN_EVENTS, 1, Duration.ofSeconds(2), DataPrepIT::runEvent,
                e -> e.getRunId().equals(poisonedId) && e.hasAccepted())).as("the poisoned request was not handled").isEmpty();
    }

    @Test
    void issue25sRequestsAreRejectedWithTheirLimitsInsteadOfKillingDataPrep() {
        // the split's sum wrapped negative in int, passed, and DigitSplitter's allocation killed data-prep (OOM)
        send("wraps", "{\"runId\":\"wraps\",\"profile\":\"quick\",\"digits\":[0,1],\"split\":{\"trainPerDigit\":1000000000,"
                + "\"valPerDigit\":1200000000,\"testPerDigit\":1},\"reducers\":[{\"kind\":\"raw\"}]}");
        // "raw" x "s2-A1" and "raw-s2" x "A1" were both job "raw-s2-A1": the run never completed
        send("collides", "{\"runId\":\"collides\",\"profile\":\"quick\",\"repeats\":2,\"reducers\":[{\"kind\":\"raw\"}],"
                + "\"architectures\":[{\"name\":\"A1\",\"hidden\":[32]},{\"name\":\"s2-A1\",\"hidden\":[16]}]}");

        assertThat(awaitRunEvent("wraps").getRejected().getReasonsList())
                .contains("train + val per digit must be at most 5421 (MNIST's rarest digit), got 2200000000")
                .anySatisfy(reason -> assertThat(reason).contains("(latentlab.max-image-epochs-per-training)"));
        assertThat(awaitRunEvent("collides").getRejected().getReasonsList())
                .singleElement().asString().startsWith("architecture name 's2-A1' must be");
    }

    @Test
    void invalidRequestIsRejectedWithReasons() {
        send("bad-digits", "{\"runId\":\"bad-digits\",\"profile\":\"quick\",\"digits\":[3,3,12]}");

        RunEvent event = awaitRunEvent("bad-digits");

        assertThat(event.hasRejected()).isTrue();
        assertThat(event.getRejected().getReasonsList())
                .anySatisfy(reason -> assertThat(reason).contains("between 0 and 9"))
                .anySatisfy(reason -> assertThat(reason).contains("must not repeat"));
    }

    @Test
    void anUnknownCorrectionIsRejectedWithTheKnownOnes() {
        send("bad-correction", "{\"runId\":\"bad-correction\",\"profile\":\"quick\",\"correction\":\"bonferroni\"}");

        assertThat(awaitRunEvent("bad-correction").getRejected().getReasonsList())
                .containsExactly("correction 'bonferroni' is not known (known: holm, bh; empty means holm)");
    }

    @Test
    void malformedMessageGoesToTheDeadLetterTopicAndTheConsumerKeepsRunning() {
        send("garbage", "this is { not a run request");
        send("after-garbage", "{\"runId\":\"after-garbage\",\"profile\":\"no-such-profile\"}");

        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.await(Topics.DEAD_LETTERS, 1, WAIT,
                r -> new String(r.value(), StandardCharsets.UTF_8).equals("this is { not a run request"));
        assertThat(dead).isNotEmpty();
        assertThat(dead.get(0).headers().lastHeader("dead-letter-reason")).isNotNull();

        RunEvent event = awaitRunEvent("after-garbage");
        assertThat(event.getRejected().getReasonsList()).anySatisfy(r -> assertThat(r).contains("unknown profile"));
    }

    @Test
    @Order(1)
    void aRunWhoseSourceDataIsMissingFailsNamingDataPrep() {
        // no MNIST is staged in this test's bucket: the request is valid, the run cannot be prepared
        send("no-mnist", "{\"runId\":\"no-mnist\",\"profile\":\"quick\"}");

        RunEvent event = awaitRunEvent("no-mnist", RunEvent::hasFailed);

        assertThat(event.getFailed().getJobId()).isEqualTo("data-prep");
        assertThat(event.getFailed().getStage()).isEqualTo("data-prep");
        assertThat(event.getFailed().getReason()).contains("mnist");
    }

    @Test
    void aStagedDatasetIsSplitThroughItsManifestWithItsClassNames() {
        DatasetManifest manifest = stageTinyDataset("tiny-shapes", List.of("bar", "T-shirt/top", "Bag"));
        String runId = "tiny-" + UUID.randomUUID().toString().substring(0, 8);
        send(runId, tinyRequest(runId, "tiny-shapes", "[2,0]"));

        RunAccepted accepted = awaitRunEvent(runId, RunEvent::hasAccepted).getAccepted();
        assertThat(accepted.getRequest().getDigitsList()).containsExactly(2, 0);
        assertThat(accepted.getSource().getName()).isEqualTo("tiny-shapes");
        assertThat(accepted.getSource().getClassNamesList()).containsExactly("Bag", "bar");
        assertThat(accepted.getSource().getSha256()).isEqualTo(manifest.sha256());
        assertThat(datasets.features(accepted.getDataset().getTrain()).rows()).isEqualTo(2 * 6);
        assertThat(datasets.labels(accepted.getDataset().getTest())).containsOnly(0, 1);

        // the same classes, sizes and seed on MNIST draw other splits: the dataset's identity includes its files
        stageMnist();
        String onMnist = "tiny-mnist-" + UUID.randomUUID().toString().substring(0, 8);
        send(onMnist, tinyRequest(onMnist, "mnist", "[2,0]"));
        RunAccepted mnist = awaitRunEvent(onMnist, RunEvent::hasAccepted).getAccepted();
        assertThat(mnist.getSource().getClassNamesList()).containsExactly("2", "0");
        assertThat(mnist.getDataset().getSha256()).isNotEqualTo(accepted.getDataset().getSha256());
    }

    @Test
    void classesTheDatasetLacksAreRejectedAndACorruptedFileFailsTheRunNamingIt() {
        stageTinyDataset("tiny-bad", List.of("a", "b", "c"));
        String runId = "tiny-class-" + UUID.randomUUID().toString().substring(0, 8);
        send(runId, tinyRequest(runId, "tiny-bad", "[0,3]"));
        assertThat(awaitRunEvent(runId, RunEvent::hasRejected).getRejected().getReasonsList())
                .anySatisfy(r -> assertThat(r).contains("classes [3] are not label values of dataset 'tiny-bad', whose 3 "
                        + "classes are 0-2 (a, b, c)"));

        byte[] labels = store.getByKey(StoreKeys.datasetFile("tiny-bad", "test-labels"));
        labels[10] ^= 1; // same size, other bytes
        store.put(StoreKeys.datasetFile("tiny-bad", "test-labels"), labels);
        String corrupted = "tiny-corrupt-" + UUID.randomUUID().toString().substring(0, 8);
        send(corrupted, tinyRequest(corrupted, "tiny-bad", "[0,1]"));
        RunEvent failed = awaitRunEvent(corrupted, RunEvent::hasFailed);
        assertThat(failed.getFailed().getReason()).contains("dataset 'tiny-bad' is corrupt",
                "sha256 mismatch for tiny-bad/test-labels");

        String unknown = "tiny-unknown-" + UUID.randomUUID().toString().substring(0, 8);
        send(unknown, tinyRequest(unknown, "never-staged", "[0,1]"));
        assertThat(awaitRunEvent(unknown, RunEvent::hasFailed).getFailed().getReason())
                .contains("dataset 'never-staged' is not staged", "./latentlab stage-dataset --name never-staged");
    }

    @Test
    void classesAndDigitsThatDifferAreRejected() {
        send("both-spellings", "{\"runId\":\"both-spellings\",\"profile\":\"quick\",\"digits\":[0,1],\"classes\":[0,2]}");
        assertThat(awaitRunEvent("both-spellings").getRejected().getReasonsList()).contains(
                "classes [0, 2] and digits [0, 1] differ: give one of them (digits is the MNIST spelling of classes)");
    }

    @Test
    void aRetryOfARunThatNeverExistedIsRejected() {
        send("never-was", "{\"runId\":\"never-was\",\"retry\":true}");

        RunEvent event = awaitRunEvent("never-was");

        assertThat(event.getRejected().getReasonsList()).containsExactly("no run 'never-was' to retry: it was never accepted");
    }

    private static String request(String runId) {
        return "{\"runId\":\"" + runId + "\",\"profile\":\"quick\",\"digits\":[0,1],"
                + "\"split\":{\"trainPerDigit\":20,\"valPerDigit\":10,\"testPerDigit\":10},"
                + "\"reducers\":[{\"kind\":\"raw\"},{\"kind\":\"pca\",\"k\":[4,8]}]}";
    }

    private void assertSplit(SplitRef split, int perDigit) {
        FloatMatrix features = datasets.features(split);
        assertThat(features.rows()).isEqualTo(2 * perDigit).isEqualTo(split.getRows());
        assertThat(features.cols()).isEqualTo(784);
        float[] pixels = features.data();
        DoubleSummaryStatistics range = IntStream.range(0, pixels.length).mapToDouble(i -> pixels[i]).summaryStatistics();
        assertThat(range.getMin()).isZero();
        assertThat(range.getMax()).isEqualTo(1.0);
        int[] labels = datasets.labels(split);
        assertThat(Arrays.stream(labels).filter(l -> l == 0).count()).isEqualTo(perDigit);
        assertThat(Arrays.stream(labels).filter(l -> l == 1).count()).isEqualTo(perDigit);
    }

    private static String tinyRequest(String runId, String dataset, String classes) {
        return "{\"runId\":\"" + runId + "\",\"profile\":\"quick\",\"dataset\":\"" + dataset + "\",\"classes\":"
                + classes + ",\"split\":{\"trainPerDigit\":6,\"valPerDigit\":2,\"testPerDigit\":4},"
                + "\"reducers\":[{\"kind\":\"raw\"}]}";
    }

    /**
     * A tiny dataset as ./latentlab stage-dataset leaves it: three classes of TinyDigits' bars, 8 training and 4 test
     * images each, the files under sources/NAME/ and the manifest beside them.
     */
    private DatasetManifest stageTinyDataset(String name, List<String> classNames) {
        Splits bars = TinyDigits.of(classNames.size(), 8, 5);
        byte[][] files = {Idx.writeImages(bars.train().x(), 28, 28), Idx.writeLabels(bars.train().y()),
                Idx.writeImages(bars.test().x(), 28, 28), Idx.writeLabels(bars.test().y())};
        String[] names = {"train-images", "train-labels", "test-images", "test-labels"};
        DatasetFile[] described = new DatasetFile[4];
        for (int i = 0; i < 4; i++) {
            described[i] = new DatasetFile(names[i], Checksums.sha256Hex(files[i]), files[i].length);
            store.put(StoreKeys.datasetFile(name, names[i]), files[i]);
        }
        DatasetManifest manifest = new DatasetManifest(name, classNames, 28, 28, "DataPrepIT",
                described[0], described[1], described[2], described[3]);
        store.put(StoreKeys.datasetManifest(name), manifest.toJson());
        return manifest;
    }

    /** The MNIST files from where ./latentlab test fetched them (LATENTLAB_MNIST_DIR), into the test bucket. */
    private void stageMnist() {
        Path dir = Path.of(System.getenv().getOrDefault("LATENTLAB_MNIST_DIR",
                System.getProperty("user.home") + "/.cache/latentlab/mnist"));
        for (MnistFile file : MnistFile.values()) {
            Path path = dir.resolve(file.fileName());
            assertThat(path).as("MNIST (deploy/local/fetch-mnist.sh, which ./latentlab test runs)").isRegularFile();
            try {
                store.put(StoreKeys.mnist(file.fileName()), Files.readAllBytes(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static ReducerJob reducerJob(byte[] bytes) {
        return parse(bytes, ReducerJob.parser());
    }

    private static RunEvent runEvent(byte[] bytes) {
        return parse(bytes, RunEvent.parser());
    }

    private static long nextOffset(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaS3TestResource.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static void sendToPartition0(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaS3TestResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RUN_REQUESTS, 0, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void send(String key, String payload) {
        TopicProbe.send(Topics.RUN_REQUESTS, key, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static RunEvent awaitRunEvent(String runId) {
        return awaitRunEvent(runId, event -> true);
    }

    private static RunEvent awaitRunEvent(String runId, Predicate<RunEvent> match) {
        List<RunEvent> events = TopicProbe.awaitValues(Topics.RUN_EVENTS, 1, WAIT, DataPrepIT::runEvent,
                e -> runId.equals(e.getRunId()) && match.test(e));
        assertThat(events).as("a run event of " + runId).isNotEmpty();
        return events.get(0);
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
