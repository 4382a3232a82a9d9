package io.latentlab.kit.plan;

import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepeatSeedsTest {

    @Test
    void oneSeedUnlessRepeatsAskForMore() {
        assertThat(RepeatSeeds.of(RunRequest.newBuilder().setSeed(42).build())).containsExactly(42L);
        assertThat(RepeatSeeds.of(RunRequest.newBuilder().setSeed(42).setRepeats(1).build())).containsExactly(42L);
        assertThat(RepeatSeeds.count(RunRequest.newBuilder().setSeed(42).build())).isEqualTo(1);
    }

    @Test
    void derivedSeedsFollowTheRunsSeedDeterministicallyAndFitInAnInt() {
        List<Long> seeds = RepeatSeeds.of(RunRequest.newBuilder().setSeed(42).setRepeats(5).build());

        assertThat(seeds).hasSize(5).startsWith(42L).doesNotHaveDuplicates();
        assertThat(seeds.subList(1, 5)).allSatisfy(seed -> assertThat(seed).isBetween(1L, (long) Integer.MAX_VALUE));
        assertThat(RepeatSeeds.of(RunRequest.newBuilder().setSeed(42).setRepeats(5).build())).isEqualTo(seeds);
        // a longer run extends a shorter one: the first three seeds of five are the seeds of three
        assertThat(RepeatSeeds.of(RunRequest.newBuilder().setSeed(42).setRepeats(3).build())).isEqualTo(seeds.subList(0, 3));
        assertThat(RepeatSeeds.of(RunRequest.newBuilder().setSeed(7).setRepeats(3).build()).get(1)).isNotEqualTo(seeds.get(1));
    }

    @Test
    void explicitSeedsAreTakenAsGiven() {
        RunRequest request = RunRequest.newBuilder().setSeed(42).addAllSeeds(List.of(3L, 1L, 2L)).build();
        assertThat(RepeatSeeds.of(request)).containsExactly(3L, 1L, 2L);
        assertThat(RepeatSeeds.count(request)).isEqualTo(3);
    }

    @Test
    void jobIdsOfLaterRepeatsAreSuffixedAndOldJobsTrainWithTheRunsSeed() {
        assertThat(RepeatSeeds.jobSuffix(0)).isEmpty();
        assertThat(RepeatSeeds.jobSuffix(1)).isEqualTo("-s2");
        assertThatThrownBy(() -> RepeatSeeds.jobSuffix(-1)).isInstanceOf(IllegalArgumentException.class);
        ReducerJob old = ReducerJob.newBuilder().setRequest(RunRequest.newBuilder().setSeed(9)).build();
        assertThat(RepeatSeeds.seedOf(old)).isEqualTo(9);
        assertThat(RepeatSeeds.seedOf(old.toBuilder().setSeed(5).build())).isEqualTo(5);
    }
}
