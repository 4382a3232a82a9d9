package io.latentlab.control.rest;

import com.google.protobuf.MessageLite;
import io.latentlab.kit.codec.ProtobufSerializer;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunFailed;
import io.latentlab.proto.RunRequest;
import io.latentlab.testsupport.KafkaS3TestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What the stages would publish, made by hand: synthetic run events and progress, and reports in S3. */
final class TopicClient {

    private TopicClient() {
    }

    static <T extends MessageLite> void publish(String topic, String key, T message) {
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaS3TestResource.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ProtobufSerializer<T>())) {
            producer.send(new ProducerRecord<>(topic, key, message)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("cannot publish to " + topic, e);
        }
    }

    static void event(RunEvent event) {
        publish(io.latentlab.kit.Topics.RUN_EVENTS, event.getRunId(), event);
    }

    static void progress(Progress progress) {
        publish(io.latentlab.kit.Topics.PROGRESS, progress.getRunId(), progress.toBuilder()
                .setTimestampMs(System.currentTimeMillis()).build());
    }

    static RunEvent accepted(String runId, String profile, int reducerJobs, int classifierJobs) {
        return accepted(runId, profile, 7, reducerJobs, classifierJobs);
    }

    static RunEvent accepted(String runId, String profile, long seed, int reducerJobs, int classifierJobs) {
        return RunEvent.newBuilder().setRunId(runId).setTimestampMs(System.currentTimeMillis())
                .setAccepted(RunAccepted.newBuilder()
                        .setRequest(RunRequest.newBuilder().setRunId(runId).setProfile(profile).setSeed(seed))
                        .setReducerJobs(reducerJobs).setClassifierJobs(classifierJobs).setCodeVersion("test"))
                .build();
    }

    /** The accepted event of a retry: data-prep's attempt numbers start at 1. */
    static RunEvent acceptedAttempt(String runId, String profile, int reducerJobs, int classifierJobs, int attempt) {
        RunEvent accepted = accepted(runId, profile, reducerJobs, classifierJobs);
        return accepted.toBuilder().setAccepted(accepted.getAccepted().toBuilder().setAttempt(attempt)).build();
    }

    static RunEvent failed(String runId, int attempt, String reason, String jobId, String stage) {
        return RunEvent.newBuilder().setRunId(runId).setTimestampMs(System.currentTimeMillis())
                .setFailed(RunFailed.newBuilder().setReason(reason).setJobId(jobId).setStage(stage).setAttempt(attempt))
                .build();
    }

    static RunEvent completed(String runId, ArtifactRef reportJson) {
        return RunEvent.newBuilder().setRunId(runId).setTimestampMs(System.currentTimeMillis())
                .setCompleted(RunCompleted.newBuilder().setReportJson(reportJson)).build();
    }

    static Progress job(String runId, String stage, String jobId, Progress.Kind kind) {
        return Progress.newBuilder().setRunId(runId).setStage(stage).setJobId(jobId).setKind(kind).build();
    }

    static Progress epoch(String runId, String jobId, int epoch, int maxEpochs, double loss, double valLoss) {
        return job(runId, "classifier-trainer", jobId, Progress.Kind.EPOCH).toBuilder()
                .setEpoch(epoch).setMaxEpochs(maxEpochs).setLoss(loss).setValLoss(valLoss).build();
    }

    static ArtifactStore store() {
        return new ArtifactStore(KafkaS3TestResource.s3Endpoint(), KafkaS3TestResource.ACCESS_KEY,
                KafkaS3TestResource.SECRET_KEY, KafkaS3TestResource.BUCKET);
    }

    static ArtifactRef putReport(String runId, String json) {
        try (ArtifactStore store = store()) {
            return store.put("runs/" + runId + "/report.json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String reportJson(String runId, String pictures) {
        return reportJson(runId, pictures, "");
    }

    /** @param extra more top-level fields, e.g. {@code ,"verdict":[...],"charts":[...]} */
    static String reportJson(String runId, String pictures, String extra) {
        return """
                {"runId":"%s","profile":"quick","dataset":{"sha256":"abc","train":750,"val":250,"test":250},
                 "rows":[
                  {"jobId":"raw-A1","reducer":"raw","k":784,"arch":"A1","valAccuracy":0.9712,"testAccuracy":0.9688,
                   "reconMse":null,"epochs":8,"bestEpoch":7,"trainSeconds":12.5},
                  {"jobId":"pca-k16-A1","reducer":"pca","k":16,"arch":"A1","valAccuracy":0.9432,"testAccuracy":0.9376,
                   "reconMse":{"train":0.031,"val":0.032,"test":0.0327},"epochs":8,"bestEpoch":8,"trainSeconds":3.25}
                 ],
                 "overall":[],
                 "codeVersion":"test"%s%s}
                """.formatted(runId, pictures == null ? "" : ",\"pictures\":" + pictures, extra);
    }

    /** The first record on {@code topic} matching {@code match}, read from the beginning, within 30 s. */
    static ConsumerRecord<String, byte[]> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaS3TestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (match.test(record)) {
                        return record;
                    }
                }
            }
        }
        assertThat(false).as("a matching record on " + topic).isTrue();
        return null;
    }
}
