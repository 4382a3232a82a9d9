package io.latentlab.launcher;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.ProtobufSerializer;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunCancelled;
import io.latentlab.proto.RunEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A cancelled run: the stages stop taking its jobs (and stop training at the next epoch), no report is written. */
class CancelRunIT {

    private final PipelineHarness pipeline = PipelineHarness.get();

    @Test
    void cancelledRunStopsAndGetsNoReport() throws Exception {
        String runId = "e2e-cancelled";
        int exit = LatentLabCli.execute(new String[]{"submit", "--profile", "quick", "--seed", "11", "--run-id", runId},
                pipeline.config());
        assertThat(exit).isZero();
        try (KafkaProducer<String, RunEvent> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", pipeline.config().bootstrapServers()),
                new StringSerializer(), new ProtobufSerializer<>())) {
            producer.send(new ProducerRecord<>(Topics.RUN_EVENTS, runId, RunEvent.newBuilder().setRunId(runId)
                    .setTimestampMs(System.currentTimeMillis())
                    .setCancelled(RunCancelled.newBuilder().setReason("changed my mind")).build())).get();
        }

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunOutcome outcome;
        try (ArtifactStore store = pipeline.store()) {
            outcome = new RunWatcher(pipeline.config(), store, new PrintStream(log), false).watch(runId, Duration.ofMinutes(2));
        }
        assertThat(outcome.status()).as(log.toString()).isEqualTo(RunOutcome.Status.CANCELLED);
        assertThat(outcome.reasons()).containsExactly("changed my mind");

        assertThat(awaitCancelledJob(runId)).as("a stage reported a job of the run as cancelled").isNotNull();
        try (ArtifactStore store = pipeline.store()) {
            assertThat(store.exists("runs/" + runId + "/report.json")).isFalse();
        }
    }

    private Progress awaitCancelledJob(String runId) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.config().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cancel-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PROGRESS));
            Instant deadline = Instant.now().plusSeconds(120);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Progress progress = Progress.parseFrom(record.value());
                    if (progress.getRunId().equals(runId) && progress.getKind() == Progress.Kind.SKIPPED
                            && progress.getMessage().contains("cancelled")) {
                        return progress;
                    }
                }
            }
        }
        return null;
    }
}
