package io.latentlab.testsupport;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.stack.EmbeddedS3;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real S3 server (s3proxy on a free port) and an artifact store on one bucket of it, for the plain JUnit
 * tests of a class that need real objects without Quarkus or Kafka:
 * {@code @RegisterExtension static final S3StoreExtension S3 = new S3StoreExtension("ledger");} then {@code S3.store()}.
 */
public final class S3StoreExtension implements BeforeAllCallback, AfterAllCallback {

    private final String bucket;
    private Path dir;
    private EmbeddedS3 s3;
    private ArtifactStore store;

    public S3StoreExtension(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("s3-" + bucket + "-");
        s3 = EmbeddedS3.start(dir, 0, "test", "test-secret");
        store = new ArtifactStore(s3.endpoint(), "test", "test-secret", bucket);
        store.ensureBucket();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        store.close();
        s3.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(S3StoreExtension::delete);
        }
    }

    /** The store on this class's bucket; valid between the class's first and last test. */
    public ArtifactStore store() {
        if (store == null) {
            throw new IllegalStateException("the S3 server starts before the class's tests: register the extension on a static field");
        }
        return store;
    }

    /** The server's address, for code under test that builds its own client. */
    public String endpoint() {
        store();
        return s3.endpoint();
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
