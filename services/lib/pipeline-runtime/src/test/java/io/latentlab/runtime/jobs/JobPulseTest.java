package io.latentlab.runtime.jobs;

import io.latentlab.runtime.health.JobsAliveCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class JobPulseTest {

    private final AtomicLong now = new AtomicLong();
    private final JobPulse pulse = new JobPulse(Duration.ofSeconds(60), now::get);

    @Test
    void aJobSilentForLongerThanTheLimitIsHungUntilItBeatsAgain() {
        JobPulse.Beat job = pulse.start("run-1/ae3-k64");
        JobPulse.Beat other = pulse.start("run-1/pca-k16");
        now.addAndGet(Duration.ofSeconds(50).toNanos());
        other.beat();
        now.addAndGet(Duration.ofSeconds(11).toNanos());

        assertThat(job.hung()).isTrue();
        assertThat(other.hung()).isFalse();
        assertThat(pulse.hung()).containsExactly("run-1/ae3-k64 silent for 61 s");
        assertThat(new JobsAliveCheck(pulse).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        job.beat();
        assertThat(pulse.hung()).isEmpty();
        assertThat(new JobsAliveCheck(pulse).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aFinishedJobIsNoLongerWatched() {
        JobPulse.Beat job = pulse.start("run-1/raw");
        job.close();
        now.addAndGet(Duration.ofHours(1).toNanos());

        assertThat(pulse.hung()).isEmpty();
    }
}
