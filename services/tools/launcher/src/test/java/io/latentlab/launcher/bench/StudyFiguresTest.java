package io.latentlab.launcher.bench;

import io.latentlab.proto.Architecture;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;
import io.latentlab.proto.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StudyFiguresTest {

    private static final RunRequest REQUEST = RunRequest.newBuilder().addAllDigits(List.of(0, 1))
            .setSplit(SplitSizes.newBuilder().setTrainPerDigit(100).setValPerDigit(50).setTestPerDigit(50))
            .addReducers(ReducerSpec.newBuilder().setKind("ae1").addK(32))
            .addReducers(ReducerSpec.newBuilder().setKind("pca").addK(32))
            .addArchitectures(Architecture.newBuilder().setName("A1").addAllHidden(List.of(512, 256, 256)))
            .setTraining(TrainingSettings.newBuilder().setMaxEpochs(10))
            .setReducerTraining(TrainingSettings.newBuilder().setMaxEpochs(10))
            .build();

    // requested at 0, report at 20 s; on 2 cores: ae1 0-10 s (8 epochs) beside pca 1-3 s and its classifier 3-9 s (4 epochs),
    // then ae1's classifier 10-16 s (5 epochs)
    private static final RunHistory RUN = new RunHistory("r1", 0, 500, 20_000, List.of(
            new JobSpan("data-prep", "data-prep", 100, 400, 0),
            new JobSpan("reducer-trainer", "ae1-k32", 0, 10_000, 8),
            new JobSpan("reducer-trainer", "pca-k32", 1_000, 3_000, 0),
            new JobSpan("classifier-trainer", "pca-k32-A1", 3_000, 9_000, 4),
            new JobSpan("classifier-trainer", "ae1-k32-A1", 10_000, 16_000, 5)));

    private static final Map<String, Double> COST = Map.of(
            "ae:784-32-784", 1.0, "mlp:32-512-256-256-2", 0.5);

    @Test
    void shapesPrioritiesAndDependenciesComeFromTheJobIds() {
        StudyJobs jobs = new StudyJobs(REQUEST);
        assertThat(jobs.shapeOf(RUN.jobs().get(1))).contains("ae:784-32-784");
        assertThat(jobs.shapeOf(RUN.jobs().get(2))).isEmpty();
        assertThat(jobs.shapeOf(RUN.jobs().get(4))).contains("mlp:32-512-256-256-2");
        assertThat(jobs.predecessorOf(RUN.jobs().get(4))).isEqualTo("ae1-k32");
        assertThat(jobs.priorityOf(RUN.jobs().get(4))).isEqualTo(jobs.priorityOf(RUN.jobs().get(1)));
        assertThat(StudyJobs.noiseJobOf("dae20-k256-s2")).isEqualTo("noise-dae20-s2");
        assertThat(StudyJobs.kindOf("dae40-k256")).isEqualTo("dae");
        assertThat(StudyJobs.kOf("raw-s2")).isEqualTo(784);
    }

    @Test
    void efficiencyIsTheUsefulTrainingOverWallTimesCores() {
        StudyFigures f = StudyFigures.of(RUN, new StudyJobs(REQUEST), COST, 2);

        // 8 x 1.0 + 4 x 0.5 + 5 x 0.5 = 12.5 CPU-s of 20 s x 2 cores
        assertThat(f.usefulSeconds()).isEqualTo(12.5);
        assertThat(f.trainings()).isEqualTo(3);
        assertThat(f.efficiency()).isCloseTo(12.5 / 40, within(1e-9));
        assertThat(f.wallSeconds()).isEqualTo(20.0);
        assertThat(f.acceptedToReportSeconds()).isEqualTo(19.5);
    }

    @Test
    void theMachineCeilingPricesTheSameEpochsAtTheAllCoresCost() {
        StudyJobs jobs = new StudyJobs(REQUEST);
        StudyFigures f = StudyFigures.of(RUN, jobs, COST, 2);
        // with both cores training, the autoencoder's epochs cost 1.25x, the classifier's 1.5x
        Calibration calibration = new Calibration(COST, Map.of("ae:784-32-784", 1.25, "mlp:32-512-256-256-2", 0.75), 1);

        MachineCeiling c = MachineCeiling.of(RUN, jobs, calibration, f).orElseThrow();

        // 8 x 1.25 + 4 x 0.75 + 5 x 0.75 = 16.75 CPU-s for the 12.5 alone
        assertThat(c.trainingsAtOnce()).isEqualTo(2);
        assertThat(c.usefulAlone()).isEqualTo(12.5);
        assertThat(c.usefulAlongside()).isCloseTo(16.75, within(1e-9));
        assertThat(c.ceiling()).isCloseTo(12.5 / 16.75, within(1e-9));
        // the run's efficiency on that scale: its own losses, whatever the machine costs every training
        assertThat(c.efficiencyAgainstCeiling()).isCloseTo(16.75 / 40, within(1e-9));
        assertThat(c.efficiencyAgainstCeiling() * c.ceiling()).isCloseTo(f.efficiency(), within(1e-9));
    }

    @Test
    void oneCoreHasNoCeilingToMeasure() {
        StudyJobs jobs = new StudyJobs(REQUEST);
        StudyFigures f = StudyFigures.of(RUN, jobs, COST, 1);

        assertThat(MachineCeiling.of(RUN, jobs, new Calibration(COST, Map.of(), 0), f)).isEmpty();
    }

    @Test
    void concurrencyCountsTheSecondsAtEachNumberOfJobsAtOnce() {
        StudyFigures f = StudyFigures.of(RUN, new StudyJobs(REQUEST), COST, 2);

        // 0 at once: 16-20 s; 1: 0-1, 9-16; 2: 1-9
        assertThat(f.concurrency()).containsExactly(4.0, 8.0, 8.0);
        assertThat(f.meanConcurrency()).isCloseTo((8 + 2 * 8) / 20.0, within(1e-9));
        assertThat(f.secondsPerStage()).containsEntry("classifier-trainer", 12.0).containsEntry("reducer-trainer", 12.0);
        assertThat(f.secondsPerFamily()).containsEntry("ae1", 16.0).containsEntry("pca", 8.0);
        assertThat(f.longestChain()).startsWith("ae1-k32 10.0 s -> ae1-k32-A1 6.0 s");
    }

    @Test
    void aJobThatEndsInTheMillisecondItStartsLeavesTheCountsAlone() {
        // the raw-pixel reducer's instant fit, while nothing else runs: its end sorts before its start
        RunHistory run = new RunHistory("r1", 0, 500, 20_000, List.of(
                new JobSpan("reducer-trainer", "raw", 0, 0, 0),
                new JobSpan("reducer-trainer", "ae1-k32", 0, 10_000, 8),
                new JobSpan("reducer-trainer", "raw-s2", 18_000, 18_000, 0),
                new JobSpan("classifier-trainer", "ae1-k32-A1", 10_000, 16_000, 5)));

        assertThat(StudyFigures.concurrency(run)).containsExactly(4.0, 16.0);
    }

    @Test
    void thePlanOrderBaselineTakesTheJobsInTheRequestsOrderWithoutPriorities() {
        StudyJobs jobs = new StudyJobs(REQUEST);
        List<ClusterSimulation.Job> simulated = StudyFigures.simulationJobs(RUN, jobs);

        // the request lists ae1 before pca; a classifier stands where its reducer does
        assertThat(StudyFigures.planOrder(RUN, jobs, simulated)).extracting(ClusterSimulation.Job::id)
                .containsExactly("ae1-k32", "ae1-k32-A1", "pca-k32", "pca-k32-A1");
        assertThat(StudyFigures.planOrder(RUN, jobs, simulated)).extracting(ClusterSimulation.Job::priority).containsOnly(0.0);
        StudyFigures f = StudyFigures.of(RUN, jobs, COST, 2);
        // both start ae1 at once on two slots: 16 s either way
        assertThat(f.prioritizedMakespan()).isEqualTo(16.0);
        assertThat(f.planOrderMakespan()).isEqualTo(16.0);
    }

    @Test
    void theClusterPredictionReplaysTheMeasuredJobsWithTheirDependencies() {
        StudyFigures f = StudyFigures.of(RUN, new StudyJobs(REQUEST), COST, 2);

        // 2 slots: ae1 0-10 then its classifier 10-16; pca 0-2 then its classifier 2-8 beside it
        assertThat(f.makespans()).containsEntry(2, 16.0).containsEntry(32, 16.0);
        assertThat(f.simulatedChainSeconds()).isEqualTo(16.0);
    }
}
