package io.latentlab.launcher.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterSimulationTest {

    // a long chain (ae3 10 s, then its classifier 5 s) and three cheap reducers with a classifier each
    private static final List<ClusterSimulation.Job> JOBS = List.of(
            new ClusterSimulation.Job("pca-k32", 2, 3, null),
            new ClusterSimulation.Job("pca-k64", 2, 4, null),
            new ClusterSimulation.Job("ae3-k256", 10, 100, null),
            new ClusterSimulation.Job("pca-k128", 2, 5, null),
            new ClusterSimulation.Job("ae3-k256-A1", 5, 100, "ae3-k256"),
            new ClusterSimulation.Job("pca-k32-A1", 1, 3, "pca-k32"),
            new ClusterSimulation.Job("pca-k64-A1", 1, 4, "pca-k64"),
            new ClusterSimulation.Job("pca-k128-A1", 1, 5, "pca-k128"));

    @Test
    void theLongestChainStartsFirstAndTheCheapJobsFillTheOtherSlot() {
        // slot 1: ae3 0-10, its classifier 10-15; slot 2: the pca jobs and their classifiers, 9 s in all
        assertThat(ClusterSimulation.makespan(JOBS, 2)).isEqualTo(15.0);
    }

    @Test
    void oneSlotRunsEverythingOneAfterTheOther() {
        assertThat(ClusterSimulation.makespan(JOBS, 1)).isEqualTo(24.0);
    }

    @Test
    void moreSlotsThanJobsStopAtTheLongestChain() {
        assertThat(ClusterSimulation.makespan(JOBS, 32)).isEqualTo(15.0);
        assertThat(ClusterSimulation.longestChain(JOBS)).isEqualTo(15.0);
    }

    @Test
    void aJobStartsOnlyAfterTheJobItNeeds() {
        List<ClusterSimulation.Job> chain = List.of(
                new ClusterSimulation.Job("noise-dae20", 3, Double.MAX_VALUE, null),
                new ClusterSimulation.Job("dae20-k256", 4, 50, "noise-dae20"),
                new ClusterSimulation.Job("dae20-k256-A1", 2, 50, "dae20-k256"));
        assertThat(ClusterSimulation.makespan(chain, 8)).isEqualTo(9.0);
    }
}
