package io.latentlab.model.rest;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.reduce.PcaModel;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.DatasetInfo;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitRef;
import io.latentlab.testsupport.KafkaS3TestResource;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A completed run as the stages leave it in S3 (accepted.pb, the test split, report.json naming every model),
 * with real but tiny models trained by ml-core on synthetic digits: "0" is a ring, "1" a vertical bar. Raw pixels
 * and PCA at k = 4 and 8, architectures S1 and S2 each, so that a best classifier is picked by validation accuracy.
 */
final class StoredRun {

    static final int TEST_IMAGES = 20;
    /** The trained models' bytes by name (raw-S1, pca-k4, ...): trained once per test JVM, stored for every run. */
    private static final java.util.Map<String, byte[]> TRAINED = new java.util.concurrent.ConcurrentHashMap<>();

    private StoredRun() {
    }

    static ArtifactStore store() {
        return new ArtifactStore(KafkaS3TestResource.s3Endpoint(), KafkaS3TestResource.ACCESS_KEY,
                KafkaS3TestResource.SECRET_KEY, KafkaS3TestResource.BUCKET);
    }

    /** Writes the run; returns the key of its PCA k=8 reducer model. */
    static String write(ArtifactStore store, String runId) {
        LabeledData train = digits(200, 1);
        LabeledData val = digits(40, 2);
        LabeledData test = digits(TEST_IMAGES, 3);
        String prefix = "jobs/fixture/" + runId + "/";
        SplitRef testSplit = SplitRef.newBuilder()
                .setFeatures(store.put(prefix + "test-x.npy", Npy.write(test.x())))
                .setLabels(store.put(prefix + "test-y.npy", Npy.writeInts(test.y()))).setRows(TEST_IMAGES).build();
        RunAccepted accepted = RunAccepted.newBuilder()
                .setRequest(RunRequest.newBuilder().setRunId(runId).setProfile("fixture").addDigits(0).addDigits(1))
                .setDataset(DatasetRef.newBuilder().setTest(testSplit).setDims(784))
                // class 0 is the ring, class 1 the bar: the names a dataset's manifest gives them
                .setSource(DatasetInfo.newBuilder().setName("fixture").addClassNames("ring").addClassNames("bar")).build();
        store.put(StoreKeys.runAccepted(runId), RunEvent.newBuilder().setRunId(runId).setAccepted(accepted).build()
                .toByteArray());

        StringBuilder rows = new StringBuilder();
        StringBuilder predictions = new StringBuilder();
        String pcaK8 = null;
        for (int k : new int[] {0, 4, 8}) {
            String name = k == 0 ? "raw" : "pca-k" + k;
            ArtifactRef reducerRef = null;
            LabeledData codesTrain = train;
            LabeledData codesVal = val;
            if (k > 0) {
                PcaModel pca = PcaModel.fromBytes(TRAINED.computeIfAbsent(name, n -> PcaModel.fit(train.x(), k).toBytes()));
                reducerRef = store.put(prefix + name + "/model.bin", pca.toBytes());
                codesTrain = new LabeledData(pca.encode(train.x()), train.y());
                codesVal = new LabeledData(pca.encode(val.x()), val.y());
                if (k == 8) {
                    pcaK8 = reducerRef.getKey();
                }
            }
            for (String arch : new String[] {"S1", "S2"}) {
                LabeledData classifierTrain = codesTrain;
                LabeledData classifierVal = codesVal;
                byte[] classifier = TRAINED.computeIfAbsent(name + "-" + arch, n -> MlpClassifier.train(classifierTrain,
                        classifierVal, 2, arch.equals("S1") ? new int[] {8} : new int[] {16},
                        new TrainingConfig(0.01, 32, 4, 2, 7), EpochListener.NONE).toBytes());
                ArtifactRef model = store.put(prefix + name + "-" + arch + "/model.zip", classifier);
                String jobId = name + "-" + arch;
                // S2 validates better on every reducer, so it is the best one
                double valAccuracy = arch.equals("S2") ? 0.95 : 0.90;
                rows.append(rows.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, """
                        {"jobId":"%s","reducer":"%s","k":%d,"arch":"%s","noise":null,"valAccuracy":%s,"testAccuracy":0.9,
                         "perSeed":[{"repeat":0,"seed":7,"jobId":"%s","valAccuracy":%s,"testAccuracy":0.9}]}""",
                        jobId, k == 0 ? "raw" : "pca", k == 0 ? 784 : k, arch, valAccuracy, jobId, valAccuracy));
                predictions.append(predictions.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, """
                        {"jobId":"%s","repeat":0,"seed":7,"model":%s,"reducerModel":%s}""",
                        jobId, link(model), reducerRef == null ? "null" : link(reducerRef)));
            }
        }
        String report = "{\"runId\":\"" + runId + "\",\"rows\":[" + rows + "],\"predictions\":[" + predictions + "]}";
        store.put(StoreKeys.runReport(runId, "report.json"), report.getBytes(StandardCharsets.UTF_8));
        return pcaK8;
    }

    /** A run data-prep accepted that has no report yet. */
    static void writeUnfinished(ArtifactStore store, String runId) {
        store.put(StoreKeys.runAccepted(runId), RunEvent.newBuilder().setRunId(runId)
                .setAccepted(RunAccepted.newBuilder().setRequest(RunRequest.newBuilder().setRunId(runId))).build()
                .toByteArray());
    }

    /** 28×28 images in [0, 1]: class 0 a ring, class 1 a vertical bar, each shifted and noised a little. */
    static LabeledData digits(int count, long seed) {
        Random random = new Random(seed);
        float[] x = new float[count * 784];
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = i % 2;
            float[] image = y[i] == 0 ? ring(random.nextInt(3) - 1) : bar(random.nextInt(3) - 1);
            for (int p = 0; p < 784; p++) {
                x[i * 784 + p] = Math.min(1f, Math.max(0f, image[p] + 0.1f * (float) random.nextGaussian()));
            }
        }
        return new LabeledData(new FloatMatrix(count, 784, x), y);
    }

    static float[] bar(int shift) {
        float[] image = new float[784];
        for (int row = 4; row < 24; row++) {
            for (int col = 13; col < 16; col++) {
                image[row * 28 + col + shift] = 1f;
            }
        }
        return image;
    }

    static float[] ring(int shift) {
        float[] image = new float[784];
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 28; col++) {
                double r = Math.hypot(row - 13.5, col - 13.5 - shift);
                image[row * 28 + col] = r > 6 && r < 9 ? 1f : 0f;
            }
        }
        return image;
    }

    private static String link(ArtifactRef ref) {
        return "{\"key\":\"" + ref.getKey() + "\",\"sha256\":\"" + ref.getSha256() + "\",\"size\":" + ref.getSize() + "}";
    }
}
