package io.latentlab.runtime.jobs;

import io.latentlab.kit.Topics;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunCancelled;
import io.latentlab.proto.RunFailed;
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
            MockConsumer<String, byte[]> consumer = runEventsConsumer();
            if (consumersMade.incrementAndGet() == 1) {
                consumer.setPollException(new KafkaException("broker went away"));
            } else {
                consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(Topics.RUN_EVENTS, 0, 0, "r1",
                        RunEvent.newBuilder().setRunId("r1").setCancelled(RunCancelled.newBuilder().setReason("stop"))
                                .build().toByteArray())));
            }
            return (Consumer<String, byte[]>) consumer;
        });
        followUntilCancelled(cancellations[0], "r1");

        assertThat(cancellations[0].cancelled("r1")).as("a cancellation published after the failure is seen").isTrue();
        assertThat(consumersMade.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onlyCancelledEventsCancelARunAndBytesThatAreNoEventAreSkipped() throws Exception {
        byte[][] values = {
                RunEvent.newBuilder().setRunId("accepted").setAccepted(RunAccepted.getDefaultInstance()).build().toByteArray(),
                "this is not a run event".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                RunEvent.newBuilder().setRunId("failed").setFailed(RunFailed.newBuilder().setReason("x")).build().toByteArray(),
                RunEvent.newBuilder().setRunId("stopped").setCancelled(RunCancelled.newBuilder().setReason("user")).build().toByteArray()};
        RunCancellations cancellations = new RunCancellations(() -> {
            MockConsumer<String, byte[]> consumer = runEventsConsumer();
            consumer.schedulePollTask(() -> {
                for (int offset = 0; offset < values.length; offset++) {
                    consumer.addRecord(new ConsumerRecord<>(Topics.RUN_EVENTS, 0, offset, "k" + offset, values[offset]));
                }
            });
            return (Consumer<String, byte[]>) consumer;
        });
        followUntilCancelled(cancellations, "stopped");

        assertThat(cancellations.cancelled("stopped")).as("the cancelled run, read past the bytes that are no event").isTrue();
        assertThat(cancellations.cancelled("accepted")).isFalse();
        assertThat(cancellations.cancelled("failed")).isFalse();
        assertThat(cancellations.cancelled("never-seen")).isFalse();
    }

    private static MockConsumer<String, byte[]> runEventsConsumer() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updatePartitions(Topics.RUN_EVENTS, List.of(new PartitionInfo(Topics.RUN_EVENTS, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        return consumer;
    }

    /** Follows on a thread of its own, as the service does, until {@code runId} is cancelled (at most 10 s). */
    private static void followUntilCancelled(RunCancellations cancellations, String runId) throws InterruptedException {
        Thread follower = new Thread(cancellations::follow);
        follower.setDaemon(true);
        follower.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!cancellations.cancelled(runId) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        cancellations.stopFollowing();
    }
}
