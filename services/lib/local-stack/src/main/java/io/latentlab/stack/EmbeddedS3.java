package io.latentlab.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** An S3 endpoint (s3proxy) over a filesystem blob store: buckets are directories of {@code dataDir}. */
public final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final String endpoint;
    private boolean closed;

    private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, String endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /** Starts s3proxy on 127.0.0.1:{@code port} (0 = a free port) with AWS v2/v4 signature auth. */
    public static EmbeddedS3 start(Path dataDir, int port, String accessKey, String secretKey) {
        Path baseDir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 data dir " + baseDir, e);
        }
        String endpoint = "http://127.0.0.1:" + FreePorts.orPick(port);
        BlobStore blobStore = new FilesystemNio2BlobStore(baseDir.toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            awaitStarted(proxy, endpoint);
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("cannot start s3proxy at " + endpoint, e);
        }
        return new EmbeddedS3(proxy, blobStore, endpoint);
    }

    private static void awaitStarted(S3Proxy proxy, String endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy at " + endpoint + " stuck in state " + proxy.getState());
            }
            Thread.sleep(20);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String bucket) {
        if (!blobStore.containerExists(bucket)) {
            blobStore.createContainer(bucket);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy at " + endpoint, e);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // already failing: the start error is the one worth reporting
        }
    }
}
