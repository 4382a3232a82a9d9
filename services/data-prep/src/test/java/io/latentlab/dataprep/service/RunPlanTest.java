package io.latentlab.dataprep.service;

import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunPlanTest {

    private final RunRequest seed = RunProfiles.complete(RunRequest.newBuilder().setRunId("r").setProfile("seed").build());

    @Test
    void dataPrepPlansOneJobPerCleanReducerAndCodeSize() {
        List<ReducerJob> jobs = JobPlanner.cleanReducerJobs(seed, DatasetRef.newBuilder().setSha256("abc").build());

        // longest expected chain first (ExpectedCost): the three-layer autoencoders, then AE-1, the raw-pixel classifiers, PCA
        assertThat(jobs).extracting(ReducerJob::getJobId).containsExactly(
                "ae3-k256", "ae3-k128", "ae3-k64", "ae3-k32", "ae1-k256", "ae1-k128", "raw", "ae1-k64", "ae1-k32",
                "pca-k256", "pca-k128", "pca-k64", "pca-k32");
        assertThat(jobs.get(6).getK()).isEqualTo(784);
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.getClassifierJobs()).isEqualTo(45);
            assertThat(job.getRunId()).isEqualTo("r");
            assertThat(job.getDataset().getSha256()).isEqualTo("abc");
        });
    }

    @Test
    void denoisingJobsComeOnePerNoiseFactorAndCodeSize() {
        DatasetRef noisy = DatasetRef.newBuilder().setSha256("noisy").build();
        List<ReducerJob> jobs = JobPlanner.denoisingJobs(seed, DatasetRef.getDefaultInstance(), 0.4, noisy, List.of());

        assertThat(jobs).extracting(ReducerJob::getJobId).containsExactly("dae40-k256");
        assertThat(jobs.get(0).getNoiseFactor()).isEqualTo(0.4);
        assertThat(jobs.get(0).getNoisy().getSha256()).isEqualTo("noisy");
        assertThat(JobPlanner.reducerJobCount(seed)).isEqualTo(15);
        assertThat(JobPlanner.classifierJobCount(seed)).isEqualTo(45);
    }

    @Test
    void repeatsAreOrdinaryJobsWithTheirOwnSeedsAndIds() {
        RunRequest repeated = seed.toBuilder().setRepeats(3).build();
        List<ReducerJob> jobs = JobPlanner.cleanReducerJobs(repeated, DatasetRef.newBuilder().setSha256("abc").build());

        assertThat(jobs).hasSize(3 * 13);
        assertThat(jobs).filteredOn(job -> job.getKind().equals("pca") && job.getK() == 64)
                .extracting(ReducerJob::getJobId, ReducerJob::getRepeat)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pca-k64", 0),
                        org.assertj.core.groups.Tuple.tuple("pca-k64-s2", 1),
                        org.assertj.core.groups.Tuple.tuple("pca-k64-s3", 2));
        List<Long> seeds = jobs.stream().map(ReducerJob::getSeed).distinct().toList();
        assertThat(seeds).hasSize(3).startsWith(42L).doesNotContain(0L);
        assertThat(io.latentlab.kit.plan.RepeatSeeds.of(repeated)).isEqualTo(seeds);
        // the evaluator waits for every repeat's rows
        assertThat(JobPlanner.reducerJobCount(repeated)).isEqualTo(45);
        assertThat(JobPlanner.classifierJobCount(repeated)).isEqualTo(135);
        assertThat(jobs).allSatisfy(job -> assertThat(job.getClassifierJobs()).isEqualTo(135));
    }
}
