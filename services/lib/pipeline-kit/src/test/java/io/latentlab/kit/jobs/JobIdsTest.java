package io.latentlab.kit.jobs;

import io.latentlab.kit.plan.RepeatSeeds;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobIdsTest {

    @Test
    void architectureNamesCannotHoldTheSeparator() {
        assertThat(List.of("A1", "wide_2", "v1.2", "a".repeat(64))).allMatch(JobIds::validArchitectureName);
        assertThat(List.of("s2-A1", "", "-A1", "_A1", "a b", "a/b", "a".repeat(65))).noneMatch(JobIds::validArchitectureName);
        assertThat(JobIds.validArchitectureName(null)).isFalse();
    }

    @Test
    void everyReducerJobAndValidArchitectureGivesItsOwnIdAndBackItsReducer() {
        // the ids of issue 25's run ("raw" on two repeats), with names that look like the parts of ids
        List<String> reducerJobs = List.of("raw", "raw" + RepeatSeeds.jobSuffix(1), "pca-k32", "pca-k32" + RepeatSeeds.jobSuffix(1),
                "dae20-k256", "dae20-k256" + RepeatSeeds.jobSuffix(2));
        List<String> architectures = List.of("A1", "s2_A1", "s2", "k32", "A1.s2");
        Set<String> ids = new HashSet<>();
        for (String reducer : reducerJobs) {
            for (String arch : architectures) {
                String id = JobIds.classifier(reducer, arch);
                assertThat(ids.add(id)).as(id).isTrue();
                assertThat(JobIds.reducerOf(id)).isEqualTo(reducer);
            }
        }
        assertThatThrownBy(() -> JobIds.reducerOf("raw")).isInstanceOf(IllegalArgumentException.class);
    }
}
