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
    void mnistsSplitIdentityIsTheStringItAlwaysWasAndOtherDatasetsAddTheirName() {
        // before datasets had names, every MNIST split hashed "1|<the four MNIST sha256, comma-joined>|digits|split|seed":
        // the same string keeps MNIST's dataset hashes, DatasetRef.sha256 and so every job key as they were
        assertThat(DatasetPreparer.sourceIdentity(DatasetManifest.MNIST)).isEqualTo(
                "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db,"
                        + "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5,"
                        + "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7,"
                        + "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
        DatasetManifest renamed = new DatasetManifest("mnist-copy", DatasetManifest.MNIST.classNames(), 28, 28, "",
                DatasetManifest.MNIST.trainImages(), DatasetManifest.MNIST.trainLabels(), DatasetManifest.MNIST.testImages(),
                DatasetManifest.MNIST.testLabels());
        assertThat(DatasetPreparer.sourceIdentity(renamed)).isEqualTo("dataset=mnist-copy|" + DatasetManifest.MNIST.fileHashes());
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
