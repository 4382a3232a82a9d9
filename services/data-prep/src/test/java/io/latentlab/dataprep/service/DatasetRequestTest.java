package io.latentlab.dataprep.service;

import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.proto.RunRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a request names its dataset and classes: profile fashion, classes as digits, the checks before any file is read. */
class DatasetRequestTest {

    private final RunRequestValidator validator = new RunRequestValidator();

    @Test
    void fashionIsTheSeedProtocolOnFiveFashionMnistClasses() {
        RunRequest seed = RunProfiles.complete(RunRequest.newBuilder().setRunId("s").setProfile("seed").build());
        RunRequest fashion = RunProfiles.complete(RunRequest.newBuilder().setRunId("f").setProfile("fashion").build());
        assertThat(fashion.getDataset()).isEqualTo("fashion-mnist");
        assertThat(fashion.getClassesList()).containsExactly(0, 1, 2, 7, 8);
        assertThat(fashion.getDigitsList()).containsExactly(0, 1, 2, 7, 8);
        // everything else is the seed protocol
        assertThat(fashion.toBuilder().clearDataset().clearClasses().clearDigits().setProfile("seed").setRunId("s").build())
                .isEqualTo(seed.toBuilder().clearDigits().build());
        assertThat(validator.validate(fashion)).isEmpty();
        assertThat(RunDatasets.of(fashion)).isEqualTo(RunDatasets.of(fashion.toBuilder().clearDataset().build()))
                .isEqualTo("fashion-mnist");
    }

    @Test
    void anMnistRequestStaysAsItWas() {
        RunRequest quick = RunRequest.newBuilder().setRunId("q").setProfile("quick").build();
        RunRequest completed = RunProfiles.complete(quick);
        assertThat(completed.getDataset()).isEmpty();
        assertThat(completed.getClassesList()).isEmpty();
        assertThat(completed.getDigitsList()).containsExactly(0, 1, 2, 4, 7);
        assertThat(RunDatasets.of(completed)).isEqualTo(DatasetManifest.MNIST_NAME);
    }

    @Test
    void classesAloneBecomeTheDigitsEveryStageReads() {
        RunRequest request = RunProfiles.complete(RunRequest.newBuilder().setRunId("c").setProfile("quick")
                .setDataset("shapes").addClasses(3).addClasses(1).build());
        assertThat(request.getDigitsList()).containsExactly(3, 1);
        assertThat(validator.validate(request)).isEmpty();
        assertThat(RunDatasets.classes(request)).containsExactly(3, 1);
    }

    @Test
    void badDatasetsAndClassesAreRejectedWithAReason() {
        RunRequest quick = RunProfiles.complete(RunRequest.newBuilder().setRunId("b").setProfile("quick").build());
        assertThat(validator.validate(quick.toBuilder().setDataset("../etc").build()))
                .anySatisfy(r -> assertThat(r).startsWith("dataset must be 1-64 lower-case letters"));
        assertThat(validator.validate(quick.toBuilder().addClasses(0).addClasses(9).build()))
                .anySatisfy(r -> assertThat(r).contains("differ: give one of them"));
        RunRequest other = quick.toBuilder().setDataset("shapes").clearDigits().addDigits(0).addDigits(300).addDigits(0).build();
        assertThat(validator.validate(other)).contains("classes must be label values between 0 and 255, got [0, 300, 0]",
                "classes must not repeat, got [0, 300, 0]");
        // MNIST keeps its digit rules
        assertThat(validator.validate(quick.toBuilder().clearDigits().addDigits(0).addDigits(10).build()))
                .contains("digits must be between 0 and 9, got [0, 10]");
    }
}
