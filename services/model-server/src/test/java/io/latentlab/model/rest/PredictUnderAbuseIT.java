package io.latentlab.model.rest;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.image.DigitPng;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded load test on loopback: a few threads send a fixed count of requests, junk and valid mixed. Every valid
 * request gets the answer it gets alone; every junk one a 4xx (or a 503), never another 5xx; the server answers
 * afterwards.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class PredictUnderAbuseIT {

    private static final String RUN = "fixture-abuse";
    private static final int THREADS = 4;
    private static final int ROUNDS = 8; // each thread's round sends every kind once: 4 × 8 × 13 requests

    @BeforeAll
    static void storeRun() {
        try (ArtifactStore store = StoredRun.store()) {
            StoredRun.write(store, RUN);
        }
    }

    private record Kind(String name, boolean valid, Supplier<Response> send) {
    }

    @Test
    void junkAndValidRequestsFromSeveralThreadsEachGetTheirAnswerAndTheServerStaysUp() throws Exception {
        String bar = answer(json(StoredRun.bar(0)));
        String ring = answer(png(DigitPng.write(StoredRun.ring(0))));
        byte[] huge = JunkPngs.declaring40000x40000();
        byte[] truncated = JunkPngs.truncated();
        byte[] bomb = JunkPngs.zlibBomb();
        byte[] oversized = new byte[300 << 10]; // beyond quarkus.http.limits.max-body-size (256K)
        System.arraycopy(DigitPng.write(new float[784]), 0, oversized, 0, 8);
        List<Kind> kinds = List.of(
                new Kind("valid pixels", true, () -> json(StoredRun.bar(0)).post(predict(RUN))),
                new Kind("valid png", true, () -> png(DigitPng.write(StoredRun.ring(0))).post(predict(RUN))),
                new Kind("74-byte 40000x40000 png", false, () -> png(huge).post(predict(RUN))),
                new Kind("74-byte png upload", false, () -> given().multiPart("image", "x.png", huge, "image/png")
                        .post(predict(RUN))),
                new Kind("truncated png", false, () -> png(truncated).post(predict(RUN))),
                new Kind("zlib bomb png", false, () -> png(bomb).post(predict(RUN))),
                new Kind("oversized body", false, () -> png(oversized).post(predict(RUN))),
                new Kind("wrong content type", false, () -> given().contentType("image/gif").body(huge).post(predict(RUN))),
                new Kind("text as json", false, () -> given().contentType(ContentType.JSON).body("{\"pixels\":[1,")
                        .post(predict(RUN))),
                new Kind("too many pixels", false, () -> json(new float[100_000]).post(predict(RUN))),
                new Kind("made-up run", false, () -> json(StoredRun.bar(0)).post(predict("made-up-abuse"))),
                new Kind("invalid run id", false, () -> json(StoredRun.bar(0)).post(predict("..%2F..%2Fetc"))),
                new Kind("test image far out", false, () -> given().get("/api/runs/" + RUN + "/test-images/999999999")));

        Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();
        Map<String, String> bodies = new ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                sent.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int k = 0; k < kinds.size(); k++) {
                            Kind kind = kinds.get((k + offset * 3) % kinds.size()); // the threads interleave kinds
                            int status = status(kind, bar, ring, wrong, bodies);
                            statuses.computeIfAbsent(kind.name(), n -> java.util.Collections.synchronizedList(
                                    new ArrayList<>())).add(status);
                        }
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(wrong).as("valid requests answered otherwise than alone").isEmpty();
        assertThat(statuses).hasSize(kinds.size());
        for (Kind kind : kinds) {
            List<Integer> got = statuses.get(kind.name());
            assertThat(got).as(kind.name()).hasSize(THREADS * ROUNDS);
            if (kind.valid()) {
                assertThat(got).as(kind.name()).containsOnly(200);
            } else {
                assertThat(got).as(kind.name() + ": a 4xx or a 503, never a crash")
                        .allMatch(s -> s >= 400 && s < 500 || s == 503);
            }
        }
        assertThat(statuses.get("made-up run")).containsOnly(404);
        assertThat(statuses.get("74-byte 40000x40000 png")).containsOnly(400);
        assertThat(bodies.get("74-byte 40000x40000 png")).contains("the image is 40000x40000 pixels");
        assertThat(bodies.get("zlib bomb png")).contains("the image data inflates to more than the 812 bytes");
        assertThat(statuses.get("oversized body")).containsOnly(413);
        assertThat(statuses.get("wrong content type")).containsOnly(415);

        given().get("/q/health/live").then().statusCode(200);
        assertThat(answer(json(StoredRun.bar(0)))).isEqualTo(bar);
    }

    /** The status; a valid request's answer must be the one it got alone. */
    private static int status(Kind kind, String bar, String ring, List<String> wrong, Map<String, String> bodies) {
        Response response;
        try {
            response = kind.send().get();
        } catch (Exception e) { // RestAssured throws IOExceptions unchecked
            // the server answers a body over its limit (the oversized PNG, and the 100 000 pixels' JSON at about 400 KB)
            // with a 413 and closes: the client may still be writing it (broken pipe, reset), which is the refusal too
            boolean overLimit = kind.name().equals("oversized body") || kind.name().equals("too many pixels");
            String failure = e.toString();
            boolean cutOff = failure.contains("ClientProtocolException") || failure.contains("Broken pipe")
                    || failure.contains("Connection reset");
            return overLimit && cutOff ? 413 : fail(wrong, kind, failure);
        }
        bodies.putIfAbsent(kind.name(), response.asString());
        if (kind.valid()) {
            String expected = kind.name().equals("valid png") ? ring : bar;
            if (response.statusCode() != 200 || !expected.equals(best(response))) {
                wrong.add(kind.name() + ": " + response.statusCode() + " " + response.asString());
            }
        }
        return response.statusCode();
    }

    private static int fail(List<String> wrong, Kind kind, String what) {
        wrong.add(kind.name() + ": " + what);
        return -1;
    }

    private static String answer(RequestSpecification request) {
        Response response = request.post(predict(RUN));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return best(response);
    }

    private static String best(Response response) {
        return response.jsonPath().getString("raw.best.probabilities") + response.jsonPath().getString(
                "reducers.best.probabilities");
    }

    private static String predict(String runId) {
        return "/api/runs/" + runId + "/predict";
    }

    private static RequestSpecification json(float[] image) {
        List<Float> values = new ArrayList<>();
        for (float v : image) {
            values.add(v);
        }
        return given().contentType(ContentType.JSON).body(Map.of("pixels", values));
    }

    private static RequestSpecification png(byte[] png) {
        return given().contentType("image/png").body(png);
    }
}
