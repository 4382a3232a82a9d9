package io.latentlab.dataprep.service;

import io.latentlab.proto.Architecture;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunRequestValidatorTest {

    private final RunRequestValidator validator = new RunRequestValidator();

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
}
