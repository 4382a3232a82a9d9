package io.latentlab.dataprep.service;

import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The work budget: what the hostile requests asked for is refused with the value and the limit. */
class WorkBudgetTest {

    private final RunRequestValidator validator = new RunRequestValidator(WorkBudget.defaults());

    /** A request as data-prep sees it: decoded from the topic's bytes, completed from its profile. */
    private static RunRequest request(String json) {
        return RunProfiles.complete(RunRequestCodec.decode(json.getBytes(StandardCharsets.UTF_8)).toBuilder()
                .setRunId("r1").build());
    }

    @Test
    void theProfilesAndThreeRepeatsOfThemFitTheDefaultBudget() {
        for (String profile : List.of(RunProfiles.QUICK, RunProfiles.SEED)) {
            assertThat(validator.validate(request("{\"profile\":\"" + profile + "\"}"))).as(profile).isEmpty();
            assertThat(validator.validate(request("{\"profile\":\"" + profile + "\",\"repeats\":3}"))).as(profile).isEmpty();
            assertThat(validator.validate(request("{\"profile\":\"" + profile + "\",\"repeats\":3,\"resplitPerSeed\":true}")))
                    .as(profile).isEmpty();
        }
    }

    @Test
    void splitSizesThatWrapAnIntAreRejectedWithTheirTrueSum() {
        // issue 25: the sum wrapped negative, passed, and DigitSplitter allocated new int[2e9] (OOM, then a crash loop)
        List<String> reasons = validator.validate(request("{\"profile\":\"quick\",\"digits\":[0,1],\"split\":"
                + "{\"trainPerDigit\":1000000000,\"valPerDigit\":1200000000,\"testPerDigit\":1},\"reducers\":[{\"kind\":\"raw\"}]}"));

        assertThat(reasons)
                .contains("train + val per digit must be at most 5421 (MNIST's rarest digit), got 2200000000")
                .contains("a classifier training sees 2000000000 images x 8 epochs = 16000000000 image-epochs; a training "
                        + "may see at most 6000000 (latentlab.max-image-epochs-per-training)");
    }

    @Test
    void aNetworkWhoseCheckpointOutgrowsTheTrainersHeapIsRefused() {
        // issue 25: 8 hidden layers of 4096 on the 784 pixels: a 1.9 GB checkpoint in a 1.5 GB heap
        RunRequest wide = request("{\"profile\":\"quick\",\"architectures\":[{\"name\":\"huge\",\"hidden\":"
                + Collections.nCopies(8, 4096) + "}]}");

        assertThat(validator.validate(wide)).containsExactly("architecture 'huge' on 784 inputs has 120705029 parameters "
                + "(a checkpoint of about 1931 MB); a network may have at most 8000000 (latentlab.max-parameters-per-network)");
        // the study's widest network, A2 on the pixels, is far below
        assertThat(WorkBudget.parameters(new int[] {784, 512, 512, 512, 5})).isEqualTo(929_797);
    }

    @Test
    void aThousandEpochsAtBatchSizeOneIsRefusedByItsSteps() {
        RunRequest slow = request("{\"profile\":\"quick\",\"training\":{\"learningRate\":0.001,\"batchSize\":1,"
                + "\"maxEpochs\":1000,\"patience\":3}}");

        assertThat(validator.validate(slow)).containsExactly("a classifier training takes 750 steps per epoch (750 images "
                + "at batch size 1) x 1000 epochs = 750000 steps; a training may take at most 400000 (latentlab.max-steps-per-training)");
        // the same epochs on the seed profile's images also see too many of them
        RunRequest seedSlow = request("{\"profile\":\"seed\",\"reducerTraining\":{\"learningRate\":0.001,\"batchSize\":32,"
                + "\"maxEpochs\":1000,\"patience\":3}}");
        assertThat(validator.validate(seedSlow)).contains("an autoencoder training sees 11385 images x 1000 epochs = "
                + "11385000 image-epochs; a training may see at most 6000000 (latentlab.max-image-epochs-per-training)");
    }

    @Test
    void theWholeRunsImageEpochsAreBounded() {
        // the seed profile: (10 autoencoders + 45 classifiers) x 11385 images x 100 epochs = 62.6 M per seed
        assertThat(validator.validate(request("{\"profile\":\"seed\",\"repeats\":4}"))).isEmpty();
        assertThat(validator.validate(request("{\"profile\":\"seed\",\"repeats\":5}"))).containsExactly(
                "the run's trainings see up to 313087500 image-epochs in all (50 autoencoder and 225 classifier trainings "
                        + "of 11385 images, over 5 seeds); a run may have at most 300000000 (latentlab.max-image-epochs-per-run)");
    }

    @Test
    void countsOfHostileListsSaturateInsteadOfWrapping() {
        // 70000 k values x 70000 noise factors x 20 seeds wrapped an int; in long the count stays above the limit
        RunRequest.Builder flood = request("{\"profile\":\"quick\",\"repeats\":20}").toBuilder().clearReducers()
                .clearNoiseFactors().clearArchitectures();
        io.latentlab.proto.ReducerSpec.Builder dae = io.latentlab.proto.ReducerSpec.newBuilder().setKind("dae");
        for (int i = 0; i < 70_000; i++) {
            dae.addK(1 + i % 784);
            flood.addNoiseFactors(0.5);
        }
        for (int i = 0; i < 70_000; i++) {
            flood.addArchitectures(Architecture.newBuilder().setName("A" + i).addHidden(4));
        }
        List<String> reasons = validator.validate(flood.addReducers(dae).build());

        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith(
                "the request plans 6860098000000000 jobs (98000000000 reducer jobs, 6860000000000000 classifier jobs, over 20 seeds)"));
        assertThat(reasons).hasSizeLessThanOrEqualTo(RunRequestValidator.MAX_REASONS + 1);
    }

    @Test
    void architectureNamesCannotHoldTheJobIdSeparator() {
        // issue 25: "A1" on repeat 2 and "s2-A1" on repeat 1 were both "raw-s2-A1"; the run never completed
        RunRequest colliding = request("{\"profile\":\"quick\",\"repeats\":2,\"reducers\":[{\"kind\":\"raw\"}],"
                + "\"architectures\":[{\"name\":\"A1\",\"hidden\":[32]},{\"name\":\"s2-A1\",\"hidden\":[16]}]}");

        assertThat(validator.validate(colliding)).containsExactly("architecture name 's2-A1' must be 1-64 letters, digits, "
                + "'.' or '_', starting with a letter or digit (no '-': it separates the parts of job ids)");
        assertThat(validator.validate(colliding.toBuilder().setArchitectures(1,
                colliding.getArchitectures(1).toBuilder().setName("s2_A1")).build())).isEmpty();
    }

    @Test
    void aLimitBelowOneIsAConfigurationError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WorkBudget(500, 0, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("latentlab.max-repeats must be at least 1, got 0");
    }

    @Test
    void trainingSettingsOfTheProfilesAreWhatTheDefaultsWereSizedFor() {
        TrainingSettings seed = RunProfiles.defaults(RunProfiles.SEED).orElseThrow().getTraining();
        assertThat(seed.getMaxEpochs()).isEqualTo(100);
        assertThat(seed.getBatchSize()).isEqualTo(32);
    }
}
