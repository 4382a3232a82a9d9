package io.latentlab.evaluator.service;

import io.latentlab.evaluator.report.Comparison;
import io.latentlab.evaluator.report.Configurations;
import io.latentlab.evaluator.report.Discordant;
import io.latentlab.evaluator.report.DiscordantImages;
import io.latentlab.evaluator.report.JobRow;
import io.latentlab.evaluator.report.Jobs;
import io.latentlab.evaluator.report.StudyComparisons;
import io.latentlab.kit.plan.Correction;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.reduce.PcaModel;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.SplitRef;
import io.latentlab.testsupport.S3StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DiscordantSheets against a real S3 server (s3proxy) holding a small test split, a real PCA model and two
 * classifiers' stored test predictions: the discordant images each way, equal to McNemar's counts, capped sheets
 * (one is saved as target/pictures/differences-sheet.png to look at).
 */
class DiscordantSheetsTest {

    @RegisterExtension
    static final S3StoreExtension S3 = new S3StoreExtension("discordant");

    private static final int IMAGES = 60;
    private final String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eachComparisonGetsItsDiscordantImagesEachWayCappedOnASheetPerDirection() throws IOException {
        SplitRef test = testSplit();
        int[] truth = Npy.readInts(S3.store().get(test.getLabels()));
        // PCA wrong on images 0..29 (raw right there), raw wrong on 50..52 (PCA right there); both wrong on 55
        int[] pca = predictions(truth, IntStream.concat(IntStream.range(0, 30), IntStream.of(55)).toArray());
        int[] raw = predictions(truth, new int[]{50, 51, 52, 55});
        Map<String, JobRow> jobs = jobs(test, pca, raw, true);
        List<Comparison> comparisons = StudyComparisons.of(Configurations.aggregate(List.copyOf(jobs.values())), jobs, Correction.HOLM);
        assertThat(comparisons).singleElement().satisfies(c -> assertThat(c.a().family()).isEqualTo("pca"));

        List<Comparison> attached = new DiscordantSheets(S3.store(), runId, test, List.of("zero", "one"), false)
                .attach(comparisons, jobs);

        Discordant d = attached.get(0).discordant();
        assertThat(d.aRightBWrong()).isEqualTo(3).isEqualTo(comparisons.get(0).result().onlyA());
        assertThat(d.bRightAWrong()).isEqualTo(30).isEqualTo(comparisons.get(0).result().onlyB());
        assertThat(d.shown()).isEqualTo(3 + DiscordantImages.CAP);
        assertThat(d.repeat()).isZero();
        assertThat(d.sheets()).extracting(Discordant.Sheet::direction)
                .containsExactly(Discordant.A_RIGHT_B_WRONG, Discordant.B_RIGHT_A_WRONG);
        Discordant.Sheet aRight = d.sheets().get(0);
        assertThat(aRight.images()).extracting(Discordant.Image::index).containsExactly(50, 51, 52);
        assertThat(aRight.images().get(0)).isEqualTo(new Discordant.Image(50, "zero", "zero", "one"));
        assertThat(aRight.caption()).startsWith("PCA at k=4 (A1) right, raw pixels (A1) wrong: all 3 test images (seed 100)");
        Discordant.Sheet bRight = d.sheets().get(1);
        assertThat(bRight.total()).isEqualTo(30);
        assertThat(bRight.images()).hasSize(DiscordantImages.CAP)
                .extracting(Discordant.Image::index).containsExactlyElementsOf(IntStream.range(0, 24).boxed().toList());
        assertThat(bRight.caption()).startsWith("raw pixels (A1) right, PCA at k=4 (A1) wrong: the first 24 of 30 test images");
        assertThat(bRight.key()).isEqualTo("runs/" + runId + "/pictures/differences-01-b-right-a-wrong.png");
        // the sheet is stored where the report's other pictures go, and is a PNG of two lines of 12 columns
        byte[] png = S3.store().get(ArtifactRef.newBuilder().setKey(bRight.key()).setSha256(bRight.sha256())
                .setSize(S3.store().stat(bRight.key()).orElseThrow().getSize()).build());
        Files.write(Files.createDirectories(Path.of("target", "pictures")).resolve("differences-sheet.png"), png);
        BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(sheet.getWidth()).isGreaterThan(12 * 60);
        assertThat(sheet.getHeight()).isGreaterThan(2 * 3 * 60);
    }

    @Test
    void predictionsThatDisagreeWithWhatMcNemarsTestCountedAreAnError() {
        SplitRef test = testSplit();
        int[] truth = Npy.readInts(S3.store().get(test.getLabels()));
        Map<String, JobRow> scored = jobs(test, predictions(truth, new int[]{1, 2}), predictions(truth, new int[]{3}), true);
        List<Comparison> comparisons = StudyComparisons.of(Configurations.aggregate(List.copyOf(scored.values())), scored, Correction.HOLM);
        // the same jobs, their stored predictions since replaced by others
        Map<String, JobRow> stored = jobs(test, predictions(truth, new int[]{1}), predictions(truth, new int[]{3}), false);

        assertThatThrownBy(() -> new DiscordantSheets(S3.store(), runId, test, List.of("zero", "one"), false)
                .attach(comparisons, Map.of("pca-k4-A1", stored.get("pca-k4-A1"), "raw-A1", scored.get("raw-A1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the stored test predictions of pca-k4-A1 and raw-A1 give 1 and 1 discordant images, "
                        + "McNemar's test counted 1 and 2");
    }

    @Test
    void aComparisonWhosePredictionsAreGoneKeepsNoImagesAndTheOthersStillGetTheirs() {
        SplitRef test = testSplit();
        int[] truth = Npy.readInts(S3.store().get(test.getLabels()));
        Map<String, JobRow> jobs = jobs(test, predictions(truth, new int[]{1}), predictions(truth, new int[]{2}), true);
        List<Comparison> comparisons = StudyComparisons.of(Configurations.aggregate(List.copyOf(jobs.values())), jobs, Correction.HOLM);
        S3.store().delete(jobs.get("raw-A1").artifacts().testPredictions().key());

        List<Comparison> attached = new DiscordantSheets(S3.store(), runId, test, List.of("zero", "one"), false)
                .attach(comparisons, jobs);

        assertThat(attached).singleElement().satisfies(c -> {
            assertThat(c.discordant()).isNull();
            assertThat(c.result()).isEqualTo(comparisons.get(0).result());
        });
    }

    /** 60 images of 28 x 28, two classes: a vertical bar (zero) or a horizontal bar (one), shifted image by image. */
    private SplitRef testSplit() {
        float[] pixels = new float[IMAGES * 784];
        int[] labels = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            labels[i] = i % 2;
            int offset = 6 + i % 15;
            for (int t = 4; t < 24; t++) {
                int p = labels[i] == 0 ? t * 28 + offset : offset * 28 + t;
                pixels[i * 784 + p] = 1f;
            }
        }
        ArtifactStore store = S3.store();
        ArtifactRef x = store.put("datasets/" + runId + "/test-x.npy", Npy.write(new FloatMatrix(IMAGES, 784, pixels)));
        ArtifactRef y = store.put("datasets/" + runId + "/test-y.npy", Npy.writeInts(labels));
        return SplitRef.newBuilder().setFeatures(x).setLabels(y).setRows(IMAGES).build();
    }

    /** The true classes, wrong (the other class) on the given images. */
    private static int[] predictions(int[] truth, int[] wrong) {
        int[] predicted = truth.clone();
        for (int i : wrong) {
            predicted[i] = 1 - truth[i];
        }
        return predicted;
    }

    /** A PCA job (k = 4, its model stored) and a raw-pixel job, their predictions stored, scored as the evaluator does. */
    private Map<String, JobRow> jobs(SplitRef test, int[] pca, int[] raw, boolean store) {
        int[] truth = Npy.readInts(S3.store().get(test.getLabels()));
        FloatMatrix images = Npy.readFloatMatrix(S3.store().get(test.getFeatures()));
        JobRow.Link model = link("jobs/reducer/" + runId + "/pca-k4/model.bin", PcaModel.fit(images, 4).toBytes());
        return List.of(
                        scored(Jobs.job("pca", 4, "A1", null, 0, 0.9, 0, IMAGES, 0.02), pca, truth, model, store),
                        scored(Jobs.job("raw", 784, "A1", null, 0, 0.8, 0, IMAGES, null), raw, truth, null, store))
                .stream().collect(Collectors.toMap(JobRow::jobId, Function.identity()));
    }

    private JobRow scored(JobRow job, int[] predicted, int[] truth, JobRow.Link reducerModel, boolean store) {
        BitSet correct = new BitSet(truth.length);
        IntStream.range(0, truth.length).forEach(i -> correct.set(i, predicted[i] == truth[i]));
        String key = "jobs/classifier/" + runId + "/" + job.jobId() + "/test-predictions" + (store ? "" : "-2") + ".npy";
        JobRow.Artifacts artifacts = new JobRow.Artifacts(null, null, link(key, Npy.writeInts(predicted)), null,
                reducerModel);
        return new JobRow(job.jobId(), job.reducer(), job.k(), job.arch(), job.noise(), job.repeat(), job.seed(),
                job.valAccuracy(), (double) correct.cardinality() / truth.length, truth.length, JobRow.encode(correct),
                job.reconMse(), null, 1, 1, 1, 1, job.confusionVal(), job.confusionTest(), job.trainLoss(), job.valLoss(),
                List.of(), null, artifacts, null, null, null, null);
    }

    private static JobRow.Link link(String key, byte[] bytes) {
        ArtifactRef ref = S3.store().put(key, bytes);
        return new JobRow.Link(ref.getKey(), ref.getSha256(), ref.getSize());
    }
}
