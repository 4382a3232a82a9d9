package io.latentlab.runtime.jobs;

import io.latentlab.kit.Topics;
import io.latentlab.proto.RunCancelled;
import io.latentlab.proto.RunEvent;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RunCancellationsTest {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.RUN_EVENTS, 0);

    @Test
    void theFollowerCarriesOnAfterTheBrokerFailsIt() throws Exception {
        AtomicInteger consumersMade = new AtomicInteger();
        RunCancellations[] cancellations = new RunCancellations[1];
        cancellations[0] = new RunCancellations(() -> {
            MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
            consumer.updatePartitions(Topics.RUN_EVENTS, List.of(new PartitionInfo(Topics.RUN_EVENTS, 0, null, null, null)));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            if (consumersMade.incrementAndGet() == 1) {
                consumer.setPollException(new KafkaException("broker went away"));
            } else {
                consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(Topics.RUN_EVENTS, 0, 0, "r1",
                        RunEvent.newBuilder().setRunId("r1").setCancelled(RunCancelled.newBuilder().setReason("stop"))
                                .build().toByteArray())));
            }
            return (Consumer<String, byte[]>) consumer;
        });
        Thread follower = new Thread(cancellations[0]::follow);
        follower.setDaemon(true);
        follower.start();

        long deadline = System.currentTimeMillis() + 10_000;
        while (!cancellations[0].cancelled("r1") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        cancellations[0].stopFollowing();

        assertThat(cancellations[0].cancelled("r1")).as("a cancellation published after the failure is seen").isTrue();
        assertThat(consumersMade.get()).isGreaterThanOrEqualTo(2);
    }
}
