package io.latentlab.model.rest;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.image.DigitPng;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The model server's API against a real s3proxy holding runs as the stages leave them ({@link StoredRun}: real
 * PCA and MLP models, tiny). Every kind of bad input gets a 400 with its reason.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class PredictResourceIT {

    private static final String RUN = "fixture-run";

    @BeforeAll
    static void storeRuns() {
        try (ArtifactStore store = StoredRun.store()) {
            StoredRun.write(store, RUN);
            StoredRun.writeUnfinished(store, "fixture-unfinished");
            String removed = StoredRun.write(store, "fixture-removed");
            store.delete(removed);
            String corrupt = StoredRun.write(store, "fixture-corrupt");
            byte[] bytes = store.getByKey(corrupt);
            bytes[bytes.length / 2] ^= 1;
            store.put(corrupt, bytes);
        }
    }

    @Test
    void everyReducerAndKAnswersWithCodeReconstructionMseAndTheBestClassifier() {
        JsonPath answer = predict(RUN, pixels(StoredRun.bar(0)), "").statusCode(200).extract().jsonPath();

        assertThat(answer.getList("digits", Integer.class)).containsExactly(0, 1);
        assertThat(answer.getString("raw.best.arch")).isEqualTo("S2");
        assertThat(answer.getInt("raw.best.digit")).isEqualTo(1);
        assertThat(answer.getString("raw.best.className")).isEqualTo("bar");
        assertThat(answer.getList("classNames", String.class)).containsExactly("ring", "bar");
        assertThat(answer.getList("reducers.model")).containsExactly("pca-k4", "pca-k8");
        for (int r = 0; r < 2; r++) {
            String at = "reducers[" + r + "].";
            int k = answer.getInt(at + "k");
            assertThat(answer.getList(at + "code")).hasSize(k);
            List<Float> reconstruction = answer.getList(at + "reconstruction", Float.class);
            assertThat(reconstruction).hasSize(784);
            float[] bar = StoredRun.bar(0);
            double mse = 0;
            for (int p = 0; p < 784; p++) {
                mse += (reconstruction.get(p) - bar[p]) * (reconstruction.get(p) - bar[p]);
            }
            assertThat(answer.getDouble(at + "mse")).isCloseTo(mse / 784, within(1e-5));
            assertThat(answer.getString(at + "reconstructionPng")).startsWith("data:image/png;base64,");
            assertThat(answer.getString(at + "best.arch")).as("the best by validation accuracy").isEqualTo("S2");
            assertThat(answer.getInt(at + "best.digit")).isEqualTo(1);
            List<Float> probabilities = answer.getList(at + "best.probabilities", Float.class);
            assertThat(probabilities.get(0) + probabilities.get(1)).isCloseTo(1f, within(1e-4f));
            assertThat(answer.getFloat(at + "best.probability")).isEqualTo(probabilities.get(1));
            assertThat(answer.getList(at + "architectures")).isEmpty();
        }
        // a ring is a 0 for every classifier
        JsonPath ring = predict(RUN, pixels(StoredRun.ring(0)), "?all=true").statusCode(200).extract().jsonPath();
        assertThat(ring.getList("reducers.best.digit")).containsOnly(0);
        assertThat(ring.getList("reducers[1].architectures.arch")).containsExactly("S1", "S2");
        assertThat(ring.getList("raw.architectures.digit")).containsOnly(0);
    }

    @Test
    void aPngBodyAndAnUploadGiveTheJsonAnswer() {
        byte[] png = DigitPng.write(StoredRun.bar(1));
        JsonPath fromJson = predict(RUN, pixels(StoredRun.bar(1)), "").statusCode(200).extract().jsonPath();
        JsonPath fromPng = given().contentType("image/png").body(png).post("/api/runs/" + RUN + "/predict")
                .then().statusCode(200).extract().jsonPath();
        JsonPath fromUpload = given().multiPart("image", "one.png", png, "image/png").post("/api/runs/" + RUN + "/predict")
                .then().statusCode(200).extract().jsonPath();
        for (JsonPath answer : List.of(fromPng, fromUpload)) {
            assertThat(answer.getList("reducers.best.digit")).isEqualTo(fromJson.getList("reducers.best.digit"));
            assertThat(answer.getFloat("reducers[1].best.probability"))
                    .isCloseTo(fromJson.getFloat("reducers[1].best.probability"), within(1e-3f));
            assertThat(answer.getString("input")).isEqualTo(fromJson.getString("input"));
        }
    }

    @Test
    void noiseIsTheInjectorsFormulaSeededAndReproducible() {
        String clean = predict(RUN, pixels(StoredRun.bar(0)), "").extract().jsonPath().getString("input");
        JsonPath noisy = predict(RUN, pixels(StoredRun.bar(0)), "?noise=0.4&seed=3").statusCode(200).extract().jsonPath();
        JsonPath again = predict(RUN, pixels(StoredRun.bar(0)), "?noise=0.4&seed=3").extract().jsonPath();
        assertThat(noisy.getString("input")).isNotEqualTo(clean).isEqualTo(again.getString("input"));
        assertThat(noisy.getDouble("noise")).isEqualTo(0.4);
        // the noisy image (clip(x + 0.4·N(0,1), 0, 1)) is reconstructed worse than the clean one, against the clean one
        double cleanMse = predict(RUN, pixels(StoredRun.bar(0)), "").extract().jsonPath().getDouble("reducers[1].mse");
        assertThat(noisy.getDouble("reducers[1].mse")).isGreaterThan(cleanMse);
        float[] decoded = DigitPng.read(Base64.getDecoder().decode(noisy.getString("input").substring(22))).data();
        assertThat(decoded).as("clipped to [0, 1] and not the clean bar").isNotEqualTo(StoredRun.bar(0));
    }

    @Test
    void badInputIsA400WithTheReason() {
        rejected(predict(RUN, pixels(new float[783]), ""), "pixels must hold 784 values (28x28), got 783");
        float[] outOfRange = new float[784];
        outOfRange[5] = 1.5f;
        rejected(predict(RUN, pixels(outOfRange), ""), "pixel 5 is 1.5, outside [0, 1]");
        outOfRange[5] = -0.1f;
        rejected(predict(RUN, pixels(outOfRange), ""), "outside [0, 1]");
        rejected(given().contentType(ContentType.JSON).body("{}").post("/api/runs/" + RUN + "/predict").then(),
                "the body needs \"pixels\"");
        rejected(given().contentType("image/png").body("GIF89a....".getBytes()).post("/api/runs/" + RUN + "/predict")
                .then(), "not a PNG");
        rejected(given().contentType("image/png").body(DigitPng.write(new float[784]).clone())
                .post("/api/runs/" + RUN + "/predict?noise=2").then(), "noise must be in [0, 1], got 2.0");
        rejected(predict(RUN, pixels(new float[784]), "?noise=lots"), "noise must be a number, got 'lots'");
        rejected(predict(RUN, pixels(new float[784]), "?all=maybe"), "all must be true or false");
        rejected(given().multiPart("other", "x.png", new byte[3], "image/png").post("/api/runs/" + RUN + "/predict")
                .then(), "no file field 'image'");
        rejected(given().contentType("image/png").body(pngOfSize(20)).post("/api/runs/" + RUN + "/predict").then(),
                "the image is 20x20 pixels; the dataset's images are 28x28");
    }

    @Test
    void the74BytePngDeclaring40000x40000PixelsIsA400AndTheServerStaysUp() {
        byte[] png = JunkPngs.declaring40000x40000();
        assertThat(png).hasSize(74);
        rejected(given().contentType("image/png").body(png).post("/api/runs/" + RUN + "/predict").then(),
                "the image is 40000x40000 pixels; the dataset's images are 28x28");
        rejected(given().multiPart("image", "big.png", png, "image/png").post("/api/runs/" + RUN + "/predict").then(),
                "40000x40000");
        predict(RUN, pixels(StoredRun.bar(0)), "").statusCode(200);
    }

    @Test
    void madeUpRunIdsAre404sThatLoadAndEvictNothing() {
        predict(RUN, pixels(StoredRun.bar(0)), "").statusCode(200);
        double loads = metric("latentlab_model_run_loads_total");
        double evictions = metric("latentlab_model_run_evictions_total");
        for (int i = 0; i < 20; i++) {
            predict("made-up-" + i, pixels(StoredRun.bar(0)), "").statusCode(404).contentType(ContentType.JSON)
                    .body("status", equalTo(404)).body("error", equalTo("no run made-up-" + i));
        }
        given().get("/api/runs/made-up/test-images/random").then().statusCode(404);
        assertThat(metric("latentlab_model_run_loads_total")).isEqualTo(loads);
        assertThat(metric("latentlab_model_run_evictions_total")).isEqualTo(evictions);
        predict(RUN, pixels(StoredRun.bar(0)), "").statusCode(200);
        assertThat(metric("latentlab_model_run_loads_total")).as("the real run is still cached").isEqualTo(loads);
    }

    @Test
    void runsThatCannotAnswerAre4xxsWithTheReason() {
        predict("no-such-run", pixels(new float[784]), "").statusCode(404).body("error", equalTo("no run no-such-run"));
        rejected(predict("fixture-unfinished", pixels(new float[784]), ""), "run fixture-unfinished has not completed");
        rejected(predict("fixture-removed", pixels(new float[784]), ""), "the models of run fixture-removed were removed");
        rejected(predict("-bad", pixels(new float[784]), ""), "runId must be");
        rejected(given().get("/api/runs/" + RUN + "/test-images/" + StoredRun.TEST_IMAGES).then(),
                "has test images 0.." + (StoredRun.TEST_IMAGES - 1));
        // a model whose bytes changed fails its sha256 check: the server says so instead of serving it
        predict("fixture-corrupt", pixels(new float[784]), "").statusCode(500)
                .body("error", containsString("sha256")).body(not(containsString("\tat ")));
    }

    @Test
    void aRandomTestImageComesFromTheStoredSplit() {
        JsonPath image = given().get("/api/runs/" + RUN + "/test-images/random").then().statusCode(200)
                .extract().jsonPath();
        assertThat(image.getInt("digit")).isIn(0, 1);
        assertThat(image.getList("pixels")).hasSize(784);
        int index = image.getInt("index");
        JsonPath same = given().get("/api/runs/" + RUN + "/test-images/" + index).then().statusCode(200).extract().jsonPath();
        assertThat(same.getList("pixels")).isEqualTo(image.getList("pixels"));
        assertThat(StoredRun.digits(StoredRun.TEST_IMAGES, 3).y()[index]).isEqualTo(image.getInt("digit"));
    }

    @Test
    void concurrentRequestsLoadARunOnceAndAgree() throws Exception {
        String runId = "fixture-concurrent";
        try (ArtifactStore store = StoredRun.store()) {
            StoredRun.write(store, runId);
        }
        double loadsBefore = metric("latentlab_model_run_loads_total");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> predict(runId, pixels(StoredRun.bar(0)), "?all=true").statusCode(200)
                        .extract().jsonPath().getString("reducers.best.probabilities"));
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
            assertThat(answers).hasSize(16).containsOnly(answers.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(metric("latentlab_model_run_loads_total")).isEqualTo(loadsBefore + 1);
    }

    @Test
    void theCacheKeepsTheLeastRecentlyUsedRunsUpToItsBytes() {
        try (ArtifactStore store = StoredRun.store()) {
            StoredRun.write(store, "fixture-lru-a");
            StoredRun.write(store, "fixture-lru-b");
        }
        double evictions = metric("latentlab_model_run_evictions_total");
        for (String runId : List.of(RUN, "fixture-lru-a", "fixture-lru-b")) {
            predict(runId, pixels(StoredRun.bar(0)), "").statusCode(200);
        }
        // a fixture run holds about 200 KB (StoredRun: the PCA models, the classifiers, the test split); the test
        // profile's latentlab.models.cache-bytes (500K) keeps two
        assertThat(metric("latentlab_model_cache_bytes")).isBetween(300e3, 500.0 * 1024);
        assertThat(metric("latentlab_model_runs_cached")).isEqualTo(2);
        assertThat(metric("latentlab_model_run_evictions_total")).isGreaterThan(evictions);
        double loads = metric("latentlab_model_run_loads_total");
        predict("fixture-lru-b", pixels(StoredRun.bar(0)), "").statusCode(200);
        assertThat(metric("latentlab_model_run_loads_total")).as("the most recent run stays").isEqualTo(loads);
    }

    @Test
    void metricsCountRequestsAndTimeThemPerModel() {
        predict(RUN, pixels(StoredRun.bar(0)), "").statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("latentlab_model_predict_seconds_count{model=\"pca-k8\"}",
                "latentlab_model_predict_seconds_count{model=\"raw\"}",
                "latentlab_model_predict_seconds_bucket{model=\"pca-k4\",le=");
    }

    @Test
    void theOpenApiDocumentsThePredictionsAndTheir400() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/runs/{runId}/predict'.post.responses.'400'.description", containsString("not a PNG"))
                .body("paths.'/api/runs/{runId}/predict'.post.requestBody.content.keySet()",
                        org.hamcrest.Matchers.hasItems("application/json", "image/png", "multipart/form-data"))
                .body("paths.'/api/runs/{runId}/test-images/random'.get.summary", equalTo("A random image of the run's stored test split"));
    }

    private static ValidatableResponse predict(String runId, Map<String, Object> body, String query) {
        return given().contentType(ContentType.JSON).body(body).post("/api/runs/" + runId + "/predict" + query).then();
    }

    private static void rejected(ValidatableResponse response, String reason) {
        response.statusCode(400).contentType(ContentType.JSON).body("status", equalTo(400))
                .body("error", containsString(reason)).body(not(containsString("\tat ")));
    }

    private static Map<String, Object> pixels(float[] image) {
        List<Float> values = new ArrayList<>();
        for (float v : image) {
            values.add(v);
        }
        return Map.of("pixels", values);
    }

    private static byte[] pngOfSize(int side) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(side, side,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return Arrays.stream(metrics.split("\n")).filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
