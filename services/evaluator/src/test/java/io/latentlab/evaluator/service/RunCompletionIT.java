package io.latentlab.evaluator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.evaluator.report.JobRow;
import io.latentlab.evaluator.report.ReportRow;
import io.latentlab.kit.Topics;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completing a run on a real broker and S3 server: two evaluators at once, or a redelivered last
 * result, write one report, and every completed event names the stored report's hash.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class RunCompletionIT {

    @Inject
    RunCompletion completion;

    @Inject
    ArtifactStore store;

    @Inject
    ObjectMapper json;

    @Test
    void concurrentAndRepeatedCompletionsWriteOneReportAndAnnounceItsHash() throws Exception {
        String runId = "complete-" + UUID.randomUUID().toString().substring(0, 8);
        fileRunWithTwoRows(runId);
        assertThat(completion.allRowsFiled(runId, 2)).isTrue();
        assertThat(completion.allRowsFiled(runId, 3)).isFalse();

        ExecutorService twoEvaluators = Executors.newFixedThreadPool(2);
        List<Future<?>> both = List.of(twoEvaluators.submit(() -> completion.complete(runId)),
                twoEvaluators.submit(() -> completion.complete(runId)));
        for (Future<?> one : both) {
            one.get();
        }
        twoEvaluators.shutdown();
        String stored = store.stat(StoreKeys.runReport(runId, "report.json")).orElseThrow().getSha256();

        completion.complete(runId); // a redelivered last result

        assertThat(store.stat(StoreKeys.runReport(runId, "report.json")).orElseThrow().getSha256())
                .as("the report is not rewritten").isEqualTo(stored);
        List<RunEvent> completed = completedEvents(runId);
        assertThat(completed).isNotEmpty().allSatisfy(event ->
                assertThat(event.getCompleted().getReportJson().getSha256()).isEqualTo(stored));
        assertThat(completed.size()).as("at most one announcement per evaluator racing").isLessThanOrEqualTo(2);
    }

    private void fileRunWithTwoRows(String runId) throws Exception {
        RunRequest request = RunRequest.newBuilder().setRunId(runId).setProfile("test").addDigits(0).addDigits(1).build();
        store.put(StoreKeys.runAccepted(runId), RunEvent.newBuilder().setRunId(runId).setTimestampMs(1)
                .setAccepted(RunAccepted.newBuilder().setRequest(request).setDataset(DatasetRef.newBuilder().setSha256("d"))
                        .setClassifierJobs(2).setAttempt(1))
                .build().toByteArray());
        for (String arch : List.of("A1", "A2")) {
            JobRow row = new JobRow("pca-k16-" + arch, "pca", 16, arch, null, 0, 42, 0.9, 0.7, 10,
                    JobRow.encode(java.util.BitSet.valueOf(new long[]{0b1111111L})),
                    new ReportRow.Recon(0.01, 0.02, 0.03), 0.7, 5, 4, 1.0, 2.0,
                    new int[][]{{4, 1}, {0, 5}}, new int[][]{{3, 2}, {1, 4}}, new double[]{0.5, 0.4}, new double[]{0.6, 0.5},
                    List.of(), null, null, null, null, null, null);
            store.put(StoreKeys.runRow(runId, row.jobId()), json.writeValueAsBytes(row));
        }
    }

    private static List<RunEvent> completedEvents(String runId) throws Exception {
        List<RunEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaS3TestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RUN_EVENTS));
            Instant quiet = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(quiet)) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    RunEvent event = RunEvent.parseFrom(record.value());
                    if (event.getRunId().equals(runId) && event.hasCompleted()) {
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }
}
