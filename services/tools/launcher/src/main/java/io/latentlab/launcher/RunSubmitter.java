package io.latentlab.launcher;

import io.latentlab.kit.Topics;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.proto.RunRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Publishes a run request as one line of JSON, the same message a user sends with kcat. */
public final class RunSubmitter {

    private RunSubmitter() {
    }

    public static void submit(String bootstrapServers, RunRequest request) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            byte[] json = RunRequestCodec.toJson(request).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(Topics.RUN_REQUESTS, request.getRunId(), json)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the run request to " + bootstrapServers
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
