package io.latentlab.runtime.jobs;

import io.latentlab.kit.codec.MalformedMessageException;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.proto.RunEvent;
import io.latentlab.stack.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JobLedger against a real S3 server (s3proxy): a stored result is what makes a job done. */
class JobLedgerTest {

    @TempDir
    static Path dir;
    static EmbeddedS3 s3;
    static ArtifactStore store;

    private final String prefix = "jobs/ledger-test/" + UUID.randomUUID() + "/";

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start(dir, 0, "test", "test-secret");
        store = new ArtifactStore(s3.endpoint(), "test", "test-secret", "ledger");
        store.ensureBucket();
    }

    @AfterAll
    static void stopS3() {
        store.close();
        s3.close();
    }

    @Test
    void aJobWithoutAStoredResultIsNotDone() {
        store.put(prefix + "model.bin", new byte[]{1, 2, 3}); // outputs without the result: the job died before its end

        assertThat(new JobLedger(store).completed(prefix, RunEvent.parser())).isEmpty();
    }

    @Test
    void aCompletedJobGivesBackItsResultAsStoredUnderItsPrefix() {
        JobLedger ledger = new JobLedger(store);
        RunEvent result = RunEvent.newBuilder().setRunId("run-1").setTimestampMs(42).build();

        ledger.complete(prefix, result);

        assertThat(store.exists(prefix + "result.pb")).isTrue();
        assertThat(ledger.completed(prefix, RunEvent.parser())).contains(result);
        assertThat(new JobLedger(store).completed(prefix, RunEvent.parser())).as("another instance sees it").contains(result);
        assertThat(ledger.completed("jobs/ledger-test/" + UUID.randomUUID() + "/", RunEvent.parser()))
                .as("another job's prefix").isEmpty();
    }

    @Test
    void aLaterCompletionReplacesTheResult() {
        JobLedger ledger = new JobLedger(store);
        ledger.complete(prefix, RunEvent.newBuilder().setRunId("run-1").build());

        ledger.complete(prefix, RunEvent.newBuilder().setRunId("run-2").build());

        assertThat(ledger.completed(prefix, RunEvent.parser())).get().extracting(RunEvent::getRunId).isEqualTo("run-2");
    }

    @Test
    void aResultThatIsNoMessageIsAnErrorNamingItsKeyNotAJobToRunAgain() {
        store.put(prefix + "result.pb", "this is not a run event".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new JobLedger(store).completed(prefix, RunEvent.parser()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(prefix + "result.pb");
    }
}
