package io.latentlab.runtime.jobs;

import io.latentlab.proto.RunEvent;
import io.latentlab.runtime.messaging.PoisonRecordException;
import io.latentlab.runtime.messaging.RecordAttempts;
import io.latentlab.testsupport.S3StoreExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RecordAttempts against a real S3 server (s3proxy). A process that dies on a record is simulated the way it looks
 * from the store: {@code begin} counted the start and nothing ever finished it. (Here, beside RecordingEmitter.)
 */
class RecordAttemptsTest {

    @RegisterExtension
    static final S3StoreExtension S3 = new S3StoreExtension("attempts");

    private final RecordingEmitter<RunEvent> runEvents = new RecordingEmitter<>();
    private final RecordAttempts attempts = new RecordAttempts(S3.store(),
            new RunFailures(runEvents.emitter(), S3.store(), "test-stage"), new RetryPolicy(1, S3.store()::successfulCalls), "test-stage", 3);
    private final String topic = "topic-" + UUID.randomUUID();

    private ConsumerRecord<String, byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>(topic, 2, offset, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<RecordAttempts.Owner> owner(ConsumerRecord<String, byte[]> record) {
        return RecordAttempts.ownerFromKey(record, "the-job");
    }

    @Test
    void aRecordThreeProcessesDiedOnIsGivenUpWithItsRunFailedAndNotWorkedOnAgain() {
        ConsumerRecord<String, byte[]> poison = record(7, "run-1", "{\"runId\":\"run-1\"}");
        for (int death = 1; death <= 3; death++) {
            assertThat(attempts.begin(poison)).isEqualTo(death); // ... and the process died
        }
        AtomicInteger worked = new AtomicInteger();

        assertThatThrownBy(() -> attempts.process(poison, RecordAttemptsTest::owner, worked::incrementAndGet))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("record " + topic + "-2@7 was started 3 times by test-stage and never finished (the process "
                        + "died on it each time, e.g. out of memory); it is given up instead of being processed again "
                        + "(latentlab.poison.max-starts=3)");

        assertThat(worked).hasValue(0);
        assertThat(runEvents.sent).singleElement().satisfies(event -> {
            assertThat(event.getRunId()).isEqualTo("run-1");
            assertThat(event.getFailed().getJobId()).isEqualTo("the-job");
            assertThat(event.getFailed().getStage()).isEqualTo("test-stage");
            assertThat(event.getFailed().getReason()).contains("was started 3 times");
        });
        // a redelivery of the dead letter (not committed) is given up again, without work
        assertThatThrownBy(() -> attempts.process(poison, RecordAttemptsTest::owner, worked::incrementAndGet))
                .isInstanceOf(PoisonRecordException.class);
        assertThat(worked).hasValue(0);
    }

    @Test
    void fewerStartsThanTheLimitAreWorkedOnAndAFinishedRecordLeavesNoCount() {
        ConsumerRecord<String, byte[]> record = record(8, "run-2/job-9", "payload");
        attempts.begin(record);
        attempts.begin(record);
        AtomicInteger worked = new AtomicInteger();

        attempts.process(record, RecordAttemptsTest::owner, worked::incrementAndGet);

        assertThat(worked).hasValue(1);
        assertThat(runEvents.sent).isEmpty();
        assertThat(S3.store().list("deliveries/test-stage/" + topic + "/")).isEmpty();
        // it starts from zero again: three more deaths before it is given up
        assertThat(attempts.begin(record)).isEqualTo(1);
    }

    @Test
    void anErrorTheProcessSurvivesFailsTheRunAtOnceAndDeadLettersTheRecord() {
        ConsumerRecord<String, byte[]> record = record(9, "run-3/pca-k32", "payload");

        assertThatThrownBy(() -> attempts.process(record, RecordAttemptsTest::owner, () -> {
            throw new StackOverflowError("deep");
        })).isInstanceOf(PoisonRecordException.class).hasCauseInstanceOf(StackOverflowError.class)
                .hasMessage("record " + topic + "-2@9 made test-stage throw java.lang.StackOverflowError: deep");

        assertThat(runEvents.sent).singleElement().satisfies(event -> {
            assertThat(event.getRunId()).isEqualTo("run-3");
            assertThat(event.getFailed().getJobId()).isEqualTo("pca-k32");
            assertThat(event.getFailed().getReason()).contains("StackOverflowError");
        });
        assertThat(S3.store().list("deliveries/test-stage/" + topic + "/")).isEmpty();
    }

    @Test
    void anExceptionIsTheListenersAsBeforeAndLeavesNoCount() {
        ConsumerRecord<String, byte[]> record = record(10, null, "garbage");

        assertThatThrownBy(() -> attempts.process(record, RecordAttemptsTest::owner, () -> {
            throw new IllegalArgumentException("not a message");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("not a message");

        assertThat(runEvents.sent).isEmpty();
        assertThat(S3.store().list("deliveries/test-stage/" + topic + "/")).isEmpty();
    }

    @Test
    void anotherRecordAtAnOldOffsetStartsFromZero() {
        // the topic was deleted and created again: offset 11 is a new record
        for (int i = 0; i < 3; i++) {
            attempts.begin(record(11, "run-4", "old"));
        }
        AtomicInteger worked = new AtomicInteger();

        attempts.process(record(11, "run-4", "new"), RecordAttemptsTest::owner, worked::incrementAndGet);

        assertThat(worked).hasValue(1);
    }

    @Test
    void aRecordWithoutAnOwnerIsStillGivenUp() {
        ConsumerRecord<String, byte[]> record = record(12, null, "no key");
        for (int i = 0; i < 3; i++) {
            attempts.begin(record);
        }

        assertThatThrownBy(() -> attempts.process(record, r -> {
            throw new IllegalStateException("cannot decode");
        }, () -> { })).isInstanceOf(PoisonRecordException.class);
        assertThat(runEvents.sent).isEmpty();
    }
}
