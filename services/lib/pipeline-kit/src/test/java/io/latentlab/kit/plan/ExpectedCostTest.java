package io.latentlab.kit.plan;

import io.latentlab.proto.Architecture;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;
import io.latentlab.proto.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedCostTest {

    /** The seed profile's shape (docs/study.md): 5 digits, 2277 training images each, 100 epochs at most. */
    static RunRequest seedLike() {
        TrainingSettings training = TrainingSettings.newBuilder().setLearningRate(0.001).setBatchSize(32)
                .setMaxEpochs(100).setPatience(5).build();
        return RunRequest.newBuilder().setRunId("r1").setSeed(42).addAllDigits(List.of(0, 1, 2, 4, 7))
                .setSplit(SplitSizes.newBuilder().setTrainPerDigit(2277).setValPerDigit(759).setTestPerDigit(759))
                .addReducers(ReducerSpec.newBuilder().setKind("raw"))
                .addReducers(ReducerSpec.newBuilder().setKind("pca").addAllK(List.of(32, 64, 128, 256)))
                .addReducers(ReducerSpec.newBuilder().setKind("ae1").addAllK(List.of(32, 64, 128, 256)))
                .addReducers(ReducerSpec.newBuilder().setKind("ae3").addAllK(List.of(32, 64, 128, 256)))
                .addArchitectures(Architecture.newBuilder().setName("A1").addAllHidden(List.of(512, 256, 256)))
                .addArchitectures(Architecture.newBuilder().setName("A2").addAllHidden(List.of(512, 512, 512)))
                .setTraining(training).setReducerTraining(training).build();
    }

    @Test
    void anEpochCostsThreePassesOverTheTrainingRowsAndOneOverTheValidationRows() {
        // 784-256-784: 2 x 200 704 weights; (3 x 10 + 2) rows
        assertThat(ExpectedCost.epoch(new int[] {784, 256, 784}, 10, 2)).isEqualTo(2 * 200_704 * 32 / 1e9);
    }

    @Test
    void theDeepestAutoencodersAreTheDearestChainsAndPcaAndRawTheCheapest() {
        RunRequest request = seedLike();
        assertThat(ExpectedCost.chain(request, "ae3", 256)).isGreaterThan(ExpectedCost.chain(request, "ae3", 32));
        assertThat(ExpectedCost.chain(request, "ae3", 32)).isGreaterThan(ExpectedCost.chain(request, "ae1", 256));
        assertThat(ExpectedCost.chain(request, "ae1", 32)).isGreaterThan(ExpectedCost.chain(request, "pca", 256));
        assertThat(ExpectedCost.reducer(request, "raw", 784)).isZero();
        // the raw-pixel classifier is the dearest classifier: 784 inputs
        Architecture a2 = request.getArchitectures(1);
        assertThat(ExpectedCost.classifier(request, 784, a2)).isGreaterThan(ExpectedCost.classifier(request, 256, a2));
    }

    @Test
    void reducerJobsArePlannedLongestChainFirstEachCarryingItsPriority() {
        List<ReducerJob> jobs = JobPlanner.cleanReducerJobs(seedLike(), DatasetRef.getDefaultInstance());

        assertThat(jobs).hasSize(13);
        assertThat(jobs.get(0).getJobId()).isEqualTo("ae3-k256");
        assertThat(jobs).extracting(ReducerJob::getPriority).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(jobs).allSatisfy(job -> assertThat(job.getPriority())
                .isEqualTo(ExpectedCost.chain(job.getRequest(), job.getKind(), job.getK())));
    }
}
