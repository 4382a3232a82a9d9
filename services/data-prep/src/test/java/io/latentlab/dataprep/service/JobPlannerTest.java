package io.latentlab.dataprep.service;

import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobPlannerTest {

    @Test
    void oneReducerJobPerReducerAndCodeSize() {
        RunRequest seed = RunProfiles.complete(RunRequest.newBuilder().setRunId("r").setProfile("seed").build());
        List<ReducerJob> jobs = JobPlanner.reducerJobs(seed, DatasetRef.newBuilder().setSha256("abc").build());

        assertThat(jobs).extracting(ReducerJob::getJobId)
                .containsExactly("raw", "pca-k32", "pca-k64", "pca-k128", "pca-k256");
        assertThat(jobs.get(0).getK()).isEqualTo(784);
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.getClassifierJobs()).isEqualTo(15);
            assertThat(job.getRunId()).isEqualTo("r");
            assertThat(job.getDataset().getSha256()).isEqualTo("abc");
        });
    }
}
