package io.latentlab.dataprep.service;

import io.latentlab.kit.RunIds;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunRequestValidatorTest {

    private final RunRequestValidator validator = new RunRequestValidator();

    private static RunRequestValidator withMaxJobs(long maxJobs) {
        return new RunRequestValidator(WorkBudget.defaults().withMaxJobsPerRun(maxJobs));
    }

    private static RunRequest quick() {
        return RunProfiles.complete(RunRequest.newBuilder().setRunId("r1").setProfile("quick").build());
    }

    @Test
    void completedProfilesAreValid() {
        assertThat(validator.validate(quick())).isEmpty();
        assertThat(validator.validate(RunProfiles.complete(
                RunRequest.newBuilder().setRunId("r2").setProfile("seed").build()))).isEmpty();
    }

    @Test
    void seedProfileIsTheStudyProtocol() {
        RunRequest seed = RunProfiles.complete(RunRequest.newBuilder().setProfile("seed").build());
        assertThat(seed.getDigitsList()).containsExactly(0, 1, 2, 4, 7);
        assertThat(seed.getSplit().getTrainPerDigit()).isEqualTo(2277);
        assertThat(seed.getSplit().getValPerDigit()).isEqualTo(759);
        assertThat(seed.getSplit().getTestPerDigit()).isEqualTo(759);
        assertThat(seed.getArchitecturesList()).extracting(Architecture::getName).containsExactly("A1", "A2", "A3");
        assertThat(seed.getArchitectures(2).getHiddenList()).containsExactly(512, 256, 128, 64);
        assertThat(seed.getTraining().getMaxEpochs()).isEqualTo(100);
        assertThat(seed.getTraining().getPatience()).isEqualTo(5);
        assertThat(seed.getTraining().getBatchSize()).isEqualTo(32);
    }

    @Test
    void explicitFieldsOverrideTheProfile() {
        RunRequest request = RunProfiles.complete(RunRequest.newBuilder().setProfile("quick").setSeed(7)
                .addReducers(ReducerSpec.newBuilder().setKind("pca").addK(16)).build());
        assertThat(request.getSeed()).isEqualTo(7);
        assertThat(request.getReducersList()).hasSize(1);
        assertThat(request.getArchitecturesList()).hasSize(3);
    }

    @Test
    void everyProblemBecomesAReason() {
        RunRequest bad = quick().toBuilder()
                .setRunId("no spaces/allowed")
                .clearDigits().addDigits(3).addDigits(3).addDigits(12)
                .setSplit(SplitSizes.newBuilder().setTrainPerDigit(5000).setValPerDigit(1000).setTestPerDigit(0))
                .addReducers(ReducerSpec.newBuilder().setKind("tsne"))
                .build();

        assertThat(validator.validate(bad)).anySatisfy(r -> assertThat(r).startsWith("runId"))
                .anySatisfy(r -> assertThat(r).contains("between 0 and 9"))
                .anySatisfy(r -> assertThat(r).contains("must not repeat"))
                .anySatisfy(r -> assertThat(r).contains("must be positive"))
                .anySatisfy(r -> assertThat(r).contains("at most 5421"))
                .anySatisfy(r -> assertThat(r).contains("'tsne' is not supported"));
    }

    @Test
    void codeSizesMustFitThePixelsAndTheData() {
        RunRequest bad = quick().toBuilder().clearReducers()
                .addReducers(ReducerSpec.newBuilder().setKind("pca").addK(0).addK(800)).build();
        assertThat(validator.validate(bad)).hasSize(2).allSatisfy(r -> assertThat(r).contains("between 1 and 784"));
    }

    @Test
    void unknownProfileWithoutFieldsIsRejected() {
        RunRequest request = RunProfiles.complete(RunRequest.newBuilder().setRunId("x").setProfile("fast").build());
        assertThat(validator.validate(request)).anySatisfy(r -> assertThat(r).contains("unknown profile 'fast'"));
    }

    @Test
    void runIdsAreSafeAsKeysAndDirectories() {
        for (String ok : java.util.List.of("r1", "quick-20261127-101500-3fa2", "A.b_c-9", "a".repeat(64))) {
            assertThat(validator.validate(quick().toBuilder().setRunId(ok).build())).as(ok).isEmpty();
        }
        for (String bad : java.util.List.of("", ".", "..", ".hidden", "-rf", "_x", "a/b", "../etc", "a b", "a".repeat(65),
                "a\\b", "a%2Fb")) {
            assertThat(validator.validate(quick().toBuilder().setRunId(bad).build())).as(bad)
                    .anySatisfy(r -> assertThat(r).startsWith("runId must be"));
        }
        assertThat(RunIds.valid(".")).isFalse();
        assertThat(RunIds.valid("..")).isFalse();
    }

    @Test
    void theNumberOfJobsIsCappedAndTheReasonGivesTheCountAndTheLimit() {
        // quick: raw + pca/ae1/ae3 x 4 k + dae x 1 k x 2 noise factors = 15 reducer jobs, x 3 architectures = 45
        assertThat(validator.budget().maxJobsPerRun()).isEqualTo(500);
        assertThat(withMaxJobs(60).validate(quick())).isEmpty();
        assertThat(withMaxJobs(59).validate(quick()))
                .containsExactly("the request plans 60 jobs (15 reducer jobs, 45 classifier jobs); a run may have at most "
                        + "59 (latentlab.max-jobs-per-run)");

        // one POST listing hundreds of k values and architectures
        ReducerSpec.Builder pca = ReducerSpec.newBuilder().setKind("pca");
        for (int k = 1; k <= 300; k++) {
            pca.addK(k);
        }
        RunRequest.Builder wide = quick().toBuilder().clearReducers().addReducers(pca).clearArchitectures();
        for (int a = 0; a < 20; a++) {
            wide.addArchitectures(Architecture.newBuilder().setName("A" + a).addHidden(8));
        }
        assertThat(validator.validate(wide.build())).containsExactly(
                "the request plans 6300 jobs (300 reducer jobs, 6000 classifier jobs); a run may have at most 500 "
                        + "(latentlab.max-jobs-per-run)");
        // noise factors multiply the denoising jobs
        RunRequest.Builder noisy = quick().toBuilder().clearReducers()
                .addReducers(ReducerSpec.newBuilder().setKind("dae").addK(16).addK(32)).clearNoiseFactors();
        for (int f = 1; f <= 100; f++) {
            noisy.addNoiseFactors(f / 100.0);
        }
        assertThat(validator.validate(noisy.build())).containsExactly(
                "the request plans 800 jobs (200 reducer jobs, 600 classifier jobs); a run may have at most 500 "
                        + "(latentlab.max-jobs-per-run)");
    }

    @Test
    void repeatsMultiplyTheJobsAndTheirSeedsMustBeUsable() {
        // quick plans 60 jobs per seed: 8 seeds are 480, 9 are 540
        assertThat(validator.validate(quick().toBuilder().setRepeats(8).build())).isEmpty();
        assertThat(validator.validate(quick().toBuilder().setRepeats(9).build())).containsExactly(
                "the request plans 540 jobs (135 reducer jobs, 405 classifier jobs, over 9 seeds); a run may have at "
                        + "most 500 (latentlab.max-jobs-per-run)");
        assertThat(validator.validate(quick().toBuilder().addAllSeeds(java.util.List.of(1L, 2L, 3L)).build())).isEmpty();
        assertThat(validator.validate(quick().toBuilder().setRepeats(-1).build()))
                .containsExactly("repeats must be between 1 and 20 (latentlab.max-repeats), got -1");
        assertThat(validator.validate(quick().toBuilder().setRepeats(2).addAllSeeds(java.util.List.of(5L, 0L, 5L)).build()))
                .containsExactly("seeds must not be 0 (0 stands for \"the profile's seed\")",
                        "seeds must not repeat, got [5, 0, 5]",
                        "repeats (2) and the number of seeds (3) differ: give one of them, or make them agree");
    }

    @Test
    void theCorrectionIsHolmByDefaultBhOnRequestAndNothingElse() {
        assertThat(validator.validate(quick())).isEmpty();
        assertThat(validator.validate(quick().toBuilder().setCorrection("holm").build())).isEmpty();
        assertThat(validator.validate(quick().toBuilder().setCorrection("bh").build())).isEmpty();
        assertThat(validator.validate(quick().toBuilder().setCorrection("bonferroni").build())).containsExactly(
                "correction 'bonferroni' is not known (known: holm, bh; empty means holm)");
        assertThat(validator.validate(quick().toBuilder().setCorrection("BH").build())).singleElement().asString()
                .startsWith("correction 'BH' is not known");
    }

    @Test
    void everyLimitComesFromConfig() {
        java.util.Map<String, String> limits = java.util.Map.of(WorkBudget.MAX_JOBS, "42", WorkBudget.MAX_REPEATS, "3",
                WorkBudget.MAX_PARAMETERS, "1000", WorkBudget.MAX_IMAGE_EPOCHS_PER_TRAINING, "2000",
                WorkBudget.MAX_STEPS_PER_TRAINING, "3000", WorkBudget.MAX_IMAGE_EPOCHS_PER_RUN, "4000");
        limits.forEach(System::setProperty);
        try {
            assertThat(new RunRequestValidator().budget()).isEqualTo(new WorkBudget(42, 3, 1000, 2000, 3000, 4000));
        } finally {
            limits.keySet().forEach(System::clearProperty);
        }
        assertThat(new RunRequestValidator().budget()).isEqualTo(WorkBudget.defaults());
    }

    @Test
    void deepArchitecturesAndFloodsOfBadValuesAreBounded() {
        Architecture deep = Architecture.newBuilder().setName("deep").addAllHidden(java.util.Collections.nCopies(9, 16)).build();
        assertThat(validator.validate(quick().toBuilder().clearArchitectures().addArchitectures(deep).build()))
                .containsExactly("architecture 'deep' has 9 hidden layers; at most 8");

        ReducerSpec.Builder pca = ReducerSpec.newBuilder().setKind("pca");
        for (int k = 1000; k < 1050; k++) {
            pca.addK(k);
        }
        java.util.List<String> reasons = validator.validate(quick().toBuilder().clearReducers().addReducers(pca).build());
        assertThat(reasons).hasSize(6).last().asString().contains("45 more k values of 'pca'");
    }
}
