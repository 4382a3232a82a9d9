package io.latentlab.kit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.latentlab.kit.jobs.Hashing;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.stack.EmbeddedS3;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    @TempDir
    static Path dir;

    static EmbeddedS3 s3;
    static ArtifactStore store;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start(dir, 0, "test", "test-secret");
        store = new ArtifactStore(s3.endpoint(), "test", "test-secret", "artifacts");
        store.ensureBucket();
        store.ensureBucket(); // idempotent
    }

    @AfterAll
    static void stopS3() {
        store.close();
        s3.close();
    }

    @Test
    void putReturnsRefThatGetVerifiesAndReturns() {
        byte[] data = bytes("model weights");

        ArtifactRef ref = store.put("runs/r1/model.bin", data);

        assertThat(ref.getBucket()).isEqualTo("artifacts");
        assertThat(ref.getKey()).isEqualTo("runs/r1/model.bin");
        assertThat(ref.getSize()).isEqualTo(data.length);
        assertThat(ref.getSha256()).isEqualTo(Hashing.sha256Hex(data)).hasSize(64);
        assertThat(store.get(ref)).isEqualTo(data);
        assertThat(store.getByKey("runs/r1/model.bin")).isEqualTo(data);
    }

    @Test
    void putIfAbsentLetsExactlyOneOfTwoWritersWin() {
        assertThat(store.putIfAbsent("jobs/x/lease", bytes("first"))).isPresent();

        assertThat(store.putIfAbsent("jobs/x/lease", bytes("second"))).isEmpty();
        assertThat(store.getByKey("jobs/x/lease")).isEqualTo(bytes("first"));
    }

    @Test
    void putIfAbsentUnderConcurrencyHasOneWinner() throws Exception {
        int writers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Boolean>> wins = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] data = bytes("writer " + i);
            wins.add(pool.submit(() -> {
                start.await();
                return store.putIfAbsent("jobs/race/result.pb", data).isPresent();
            }));
        }
        start.countDown();
        int winners = 0;
        for (java.util.concurrent.Future<Boolean> win : wins) {
            winners += win.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void deleteRemovesAndToleratesMissingObjects() {
        store.put("jobs/y/checkpoint.bin", bytes("state"));

        store.delete("jobs/y/checkpoint.bin");
        store.delete("jobs/y/checkpoint.bin");

        assertThat(store.exists("jobs/y/checkpoint.bin")).isFalse();
    }

    @Test
    void anUnreachableStoreIsATransientFailure() {
        try (ArtifactStore away = new ArtifactStore("http://127.0.0.1:1", "test", "test-secret", "artifacts")) {
            assertThatThrownBy(() -> away.find("any"))
                    .isInstanceOfSatisfying(ArtifactStoreException.class, e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void openStreamsAnObjectOrNothing() throws Exception {
        store.put("runs/r9/report.json", bytes("{\"rows\":[]}"));

        try (java.io.InputStream in = store.open("runs/r9/report.json").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("{\"rows\":[]}"));
        }
        assertThat(store.open("runs/r9/missing.json")).isEmpty();
    }

    @Test
    void getDetectsContentReplacedBehindTheRef() {
        ArtifactRef original = store.put("runs/r2/codes.npy", bytes("first version"));
        store.put("runs/r2/codes.npy", bytes("other version")); // same size, other bytes

        assertThatThrownBy(() -> store.get(original))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("runs/r2/codes.npy")
                .hasMessageContaining("sha256");
    }

    @Test
    void getDetectsSizeMismatch() {
        ArtifactRef ref = store.put("runs/r3/a.bin", bytes("abc"));
        ArtifactRef wrongSize = ref.toBuilder().setSize(4).build();

        assertThatThrownBy(() -> store.get(wrongSize))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("runs/r3/a.bin")
                .hasMessageContaining("3 bytes");
    }

    @Test
    void missingObjectsAreEmptyOrNotFound() {
        assertThat(store.find("runs/none/x.bin")).isEmpty();
        assertThat(store.exists("runs/none/x.bin")).isFalse();
        assertThat(store.stat("runs/none/x.bin")).isEmpty();
        assertThatThrownBy(() -> store.getByKey("runs/none/x.bin"))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessageContaining("runs/none/x.bin");
    }

    @Test
    void statRebuildsTheRefFromStoredMetadata() {
        ArtifactRef ref = store.put("runs/r4/report.json", bytes("{\"accuracy\":0.97}"));

        assertThat(store.exists("runs/r4/report.json")).isTrue();
        assertThat(store.stat("runs/r4/report.json")).contains(ref);
        assertThat(store.find("runs/r4/report.json")).hasValueSatisfying(data -> assertThat(data).isEqualTo(bytes("{\"accuracy\":0.97}")));
    }

    @Test
    void storesTheSha256AsObjectMetadata() throws Exception {
        ArtifactRef ref = store.put("runs/r7/a.bin", bytes("meta"));

        assertThat(rawClient().statObject(StatObjectArgs.builder().bucket("artifacts").object("runs/r7/a.bin").build())
                .userMetadata()).containsEntry(ArtifactStore.SHA256_METADATA, ref.getSha256());
    }

    @Test
    void statHashesObjectsWrittenWithoutMetadata() throws Exception {
        byte[] data = bytes("written by someone else");
        rawClient().putObject(PutObjectArgs.builder().bucket("artifacts").object("runs/r8/foreign.bin")
                .stream(new ByteArrayInputStream(data), data.length, -1).build());

        assertThat(store.stat("runs/r8/foreign.bin")).hasValueSatisfying(ref -> {
            assertThat(ref.getSha256()).isEqualTo(Hashing.sha256Hex(data));
            assertThat(ref.getSize()).isEqualTo(data.length);
        });
    }

    @Test
    void listReturnsEveryKeyUnderThePrefixRecursively() {
        store.put("runs/r5/train/features.npy", bytes("f"));
        store.put("runs/r5/train/labels.npy", bytes("l"));
        store.put("runs/r5/report.md", bytes("# report"));
        store.put("runs/r50/other.bin", bytes("x"));

        assertThat(store.list("runs/r5/")).containsExactlyInAnyOrder(
                "runs/r5/train/features.npy", "runs/r5/train/labels.npy", "runs/r5/report.md");
        assertThat(store.list("runs/nothing/")).isEmpty();
    }

    @Test
    void failuresNameTheKey() {
        try (ArtifactStore wrongSecret = new ArtifactStore(s3.endpoint(), "test", "wrong", "artifacts")) {
            assertThatThrownBy(() -> wrongSecret.put("runs/r6/x.bin", bytes("x")))
                    .isInstanceOf(ArtifactStoreException.class)
                    .hasMessageContaining("runs/r6/x.bin");
        }
    }

    private static MinioClient rawClient() {
        return MinioClient.builder().endpoint(s3.endpoint()).credentials("test", "test-secret").build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
