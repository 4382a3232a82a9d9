package io.latentlab.dataprep.service;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentlab.kit.codec.MalformedMessageException;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.proto.RunRequest;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes from the run-requests topic, through what data-prep does before it plans anything: the JSON and protobuf
 * decoders ({@code RunRequestCodec}), the profile's defaults and the validator with its work budget.
 * <p>
 * The property: every input ends in a result or in {@link MalformedMessageException} (the documented answer to bytes
 * that are no run request: a dead letter), never another exception and never an {@link Error}; a request the
 * validator accepts is within the default budget (its job counts fit and stay under the limit); the reasons of a
 * rejection are bounded; one input takes at most {@value #MAX_MILLIS} ms (generous: the machine is shared) and
 * allocates at most {@value #MAX_ALLOCATED_BYTES} bytes. Seeds: the profiles' requests and issue 25's hostile ones
 * ({@code RunRequestValidationFuzzTestInputs/}). Without {@code JAZZER_FUZZ=1} it runs the seeds only, as a test.
 */
class RunRequestValidationFuzzTest {

    static final long MAX_MILLIS = 5_000;
    static final long MAX_ALLOCATED_BYTES = 256L << 20;
    private static final RunRequestValidator VALIDATOR = new RunRequestValidator(WorkBudget.defaults());

    static {
        // class loading and the first JIT would count against the first input's time: done once, before any
        validate("{\"profile\":\"seed\",\"repeats\":3}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        validate(new byte[] {10, 1, 'x'});
    }

    @FuzzTest(maxDuration = "60s")
    void decodedRequestsAreValidatedOrRefusedClearly(byte[] payload) {
        long start = System.nanoTime();
        long allocatedBefore = allocatedBytes();

        validate(payload);

        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds for one input").isLessThanOrEqualTo(MAX_MILLIS);
        assertThat(allocatedBytes() - allocatedBefore).as("bytes allocated for one input").isLessThanOrEqualTo(MAX_ALLOCATED_BYTES);
    }

    private static void validate(byte[] payload) {
        RunRequest parsed;
        try {
            parsed = RunRequestCodec.decode(payload);
        } catch (MalformedMessageException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        // as DataPrepService.handle: a request without a run id gets one
        RunRequest request = RunProfiles.complete(parsed.getRunId().isEmpty()
                ? parsed.toBuilder().setRunId("run-fuzz").build() : parsed);
        List<String> reasons = VALIDATOR.validate(request);
        assertThat(reasons).hasSizeLessThanOrEqualTo(RunRequestValidator.MAX_REASONS + 1);
        if (reasons.isEmpty()) {
            // what data-prep does next with an accepted request: count its jobs (in int, as the plan stores them)
            long jobs = (long) JobPlanner.reducerJobCount(request) + JobPlanner.classifierJobCount(request);
            assertThat(jobs).isLessThanOrEqualTo(WorkBudget.defaults().maxJobsPerRun());
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
