package io.latentlab.runtime.jobs;

import io.latentlab.kit.codec.MalformedMessageException;
import io.latentlab.proto.RunEvent;
import io.latentlab.testsupport.S3StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JobLedger against a real S3 server (s3proxy): a stored result is what makes a job done. */
class JobLedgerTest {

    @RegisterExtension
    static final S3StoreExtension S3 = new S3StoreExtension("ledger");

    private final String prefix = "jobs/ledger-test/" + UUID.randomUUID() + "/";

    @Test
    void aJobWithoutAStoredResultIsNotDone() {
        S3.store().put(prefix + "model.bin", new byte[]{1, 2, 3}); // outputs without the result: the job died before its end

        assertThat(new JobLedger(S3.store()).completed(prefix, RunEvent.parser())).isEmpty();
    }

    @Test
    void aCompletedJobGivesBackItsResultAsStoredUnderItsPrefix() {
        JobLedger ledger = new JobLedger(S3.store());
        RunEvent result = RunEvent.newBuilder().setRunId("run-1").setTimestampMs(42).build();

        ledger.complete(prefix, result, RunEvent.parser());

        assertThat(S3.store().exists(prefix + "result.pb")).isTrue();
        assertThat(ledger.completed(prefix, RunEvent.parser())).contains(result);
        assertThat(new JobLedger(S3.store()).completed(prefix, RunEvent.parser())).as("another instance sees it").contains(result);
        assertThat(ledger.completed("jobs/ledger-test/" + UUID.randomUUID() + "/", RunEvent.parser()))
                .as("another job's prefix").isEmpty();
    }

    @Test
    void theFirstCompletionWinsAndALaterOneGetsItBack() {
        JobLedger ledger = new JobLedger(S3.store());
        RunEvent first = ledger.complete(prefix, RunEvent.newBuilder().setRunId("run-1").build(), RunEvent.parser());

        // a stale lease holder finishing late must not replace the result the newer holder stored
        RunEvent late = ledger.complete(prefix, RunEvent.newBuilder().setRunId("run-2").build(), RunEvent.parser());

        assertThat(first.getRunId()).isEqualTo("run-1");
        assertThat(late.getRunId()).as("the stored one comes back").isEqualTo("run-1");
        assertThat(ledger.completed(prefix, RunEvent.parser())).get().extracting(RunEvent::getRunId).isEqualTo("run-1");
    }

    @Test
    void aResultThatIsNoMessageIsAnErrorNamingItsKeyNotAJobToRunAgain() {
        S3.store().put(prefix + "result.pb", "this is not a run event".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new JobLedger(S3.store()).completed(prefix, RunEvent.parser()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(prefix + "result.pb");
    }
}
