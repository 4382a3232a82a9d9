package io.latentlab.kit.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.latentlab.kit.jobs.Hashing;
import io.latentlab.proto.ArtifactRef;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Artifacts in one S3 bucket, addressed by key and verified by SHA-256 on read.
 * Each object carries its SHA-256 as user metadata, so {@link #stat} can rebuild its {@link ArtifactRef}.
 *
 * <p>MinIO's default OkHttp client runs calls on non-daemon dispatcher threads that idle for ~60 s,
 * keeping a plain {@code main} alive after it returns. This store uses its own client with daemon
 * dispatcher threads and releases them in {@link #close()}.
 */
public final class ArtifactStore implements AutoCloseable {

    static final String SHA256_METADATA = "sha256";
    private static final String NO_SUCH_KEY = "NoSuchKey";
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final java.util.Set<String> TRANSIENT_CODES = java.util.Set.of("InternalError", "ServiceUnavailable",
            "SlowDown", "RequestTimeout", "OperationAborted");

    private final String bucket;
    private final OkHttpClient httpClient;
    private final MinioClient client;
    private final java.util.concurrent.atomic.AtomicLong successfulCalls = new java.util.concurrent.atomic.AtomicLong();

    public ArtifactStore(String endpoint, String accessKey, String secretKey, String bucket) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.httpClient = newHttpClient();
        this.client = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .httpClient(httpClient)
                .build();
    }

    public String bucket() {
        return bucket;
    }

    /** How many calls S3 has answered so far (a retry window closes once S3 answers again). */
    public long successfulCalls() {
        return successfulCalls.get();
    }

    /** Creates the bucket unless it exists. */
    public void ensureBucket() {
        call("ensure bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    if (!isCode(e, "BucketAlreadyOwnedByYou") && !isCode(e, "BucketAlreadyExists")) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /** Stores {@code data} at {@code key} (overwriting) and returns its ref. */
    public ArtifactRef put(String key, byte[] data) {
        String sha256 = Hashing.sha256Hex(data);
        call("put " + where(bucket, key), () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(new ByteArrayInputStream(data), data.length, -1)
                .contentType(CONTENT_TYPE)
                .userMetadata(Map.of(SHA256_METADATA, sha256))
                .build()));
        return ArtifactRef.newBuilder()
                .setBucket(bucket)
                .setKey(key)
                .setSha256(sha256)
                .setSize(data.length)
                .build();
    }

    /**
     * Stores {@code data} at {@code key} only if no object is there yet (S3's conditional write,
     * {@code If-None-Match: *}): of two writers racing for a key exactly one wins.
     *
     * @return the new ref, or empty when an object already existed (the caller reads that one)
     */
    public Optional<ArtifactRef> putIfAbsent(String key, byte[] data) {
        String sha256 = Hashing.sha256Hex(data);
        boolean written = call("put-if-absent " + where(bucket, key), () -> {
            try {
                client.putObject(PutObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .stream(new ByteArrayInputStream(data), data.length, -1)
                        .contentType(CONTENT_TYPE)
                        .userMetadata(Map.of(SHA256_METADATA, sha256))
                        .headers(Map.of("If-None-Match", "*"))
                        .build());
                return true;
            } catch (ErrorResponseException e) {
                if (isCode(e, "PreconditionFailed") || isCode(e, "ConditionalRequestConflict")) {
                    return false;
                }
                throw e;
            }
        });
        return written ? Optional.of(ArtifactRef.newBuilder().setBucket(bucket).setKey(key).setSha256(sha256)
                .setSize(data.length).build()) : Optional.empty();
    }

    /**
     * The object at {@code key} with its version (the ETag S3 gave it), or empty when there is none:
     * the version is what {@link #putIfVersion} compares against.
     */
    public Optional<Versioned> findVersioned(String key) {
        return call("get " + where(bucket, key), () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                byte[] data = in.readAllBytes();
                return Optional.of(new Versioned(data, in.headers().get("ETag")));
            } catch (ErrorResponseException e) {
                if (isCode(e, NO_SUCH_KEY)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Creates {@code key} only if no object is there yet ({@code If-None-Match: *}), like {@link #putIfAbsent},
     * and returns the new object's version.
     */
    public Optional<String> createVersioned(String key, byte[] data) {
        return conditionalPut(key, data, "If-None-Match", "*");
    }

    /**
     * Replaces the object at {@code key} only if it still is {@code version} ({@code If-Match} on its ETag,
     * which s3proxy and MinIO honour): a compare-and-swap, so of two writers holding the same version at most
     * one succeeds. Content must differ from write to write (the ETag of a simple put is the content's MD5).
     *
     * @return the new version, or empty when the object changed (or vanished) since {@code version} was read
     */
    public Optional<String> putIfVersion(String key, byte[] data, String version) {
        return conditionalPut(key, data, "If-Match", version);
    }

    private Optional<String> conditionalPut(String key, byte[] data, String header, String value) {
        String sha256 = Hashing.sha256Hex(data);
        return call("conditional put (" + header + ") " + where(bucket, key), () -> {
            try {
                ObjectWriteResponse written = client.putObject(PutObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .stream(new ByteArrayInputStream(data), data.length, -1)
                        .contentType(CONTENT_TYPE)
                        .userMetadata(Map.of(SHA256_METADATA, sha256))
                        .headers(Map.of(header, value))
                        .build());
                return Optional.of(quoted(written.etag()));
            } catch (ErrorResponseException e) {
                if (isCode(e, "PreconditionFailed") || isCode(e, "ConditionalRequestConflict") || isCode(e, NO_SUCH_KEY)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** An object's bytes and its version (ETag, quoted as S3 sends it). */
    public record Versioned(byte[] data, String version) {
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    /** Removes the object at {@code key}; a missing object is not an error. */
    public void delete(String key) {
        call("delete " + where(bucket, key), () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** Reads the artifact and checks it against the ref's size and SHA-256. */
    public byte[] get(ArtifactRef ref) {
        String refBucket = ref.getBucket().isEmpty() ? bucket : ref.getBucket();
        String where = where(refBucket, ref.getKey());
        if (ref.getSha256().isEmpty()) {
            throw new ArtifactIntegrityException("ref to " + where + " carries no sha256 to verify");
        }
        byte[] data = read(refBucket, ref.getKey())
                .orElseThrow(() -> new ArtifactNotFoundException("no artifact at " + where, null));
        if (data.length != ref.getSize()) {
            throw new ArtifactIntegrityException("artifact " + where + " has " + data.length
                    + " bytes, its ref promised " + ref.getSize());
        }
        String actual = Hashing.sha256Hex(data);
        if (!actual.equals(ref.getSha256())) {
            throw new ArtifactIntegrityException("artifact " + where + " has sha256 " + actual
                    + ", its ref promised " + ref.getSha256());
        }
        return data;
    }

    /** Reads the object at {@code key} without verification; throws if it is missing. */
    public byte[] getByKey(String key) {
        return find(key).orElseThrow(() -> new ArtifactNotFoundException("no artifact at " + where(bucket, key), null));
    }

    /** The object at {@code key}, or empty when there is none. */
    public Optional<byte[]> find(String key) {
        return read(bucket, key);
    }

    /**
     * The object at {@code key} as a stream, unverified (for serving files such as reports), or empty
     * when there is none. The caller closes the stream.
     */
    public Optional<InputStream> open(String key) {
        return call("open " + where(bucket, key), () -> {
            try {
                return Optional.<InputStream>of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
            } catch (ErrorResponseException e) {
                if (isCode(e, NO_SUCH_KEY)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public boolean exists(String key) {
        return statObject(key).isPresent();
    }

    /**
     * The ref of the object at {@code key}, or empty when there is none. Objects not written by this
     * class lack the sha256 metadata: those are downloaded and hashed.
     */
    public Optional<ArtifactRef> stat(String key) {
        return statObject(key).map(stat -> {
            String sha256 = stat.userMetadata().get(SHA256_METADATA);
            if (sha256 == null || sha256.isEmpty()) {
                sha256 = Hashing.sha256Hex(getByKey(key));
            }
            return ArtifactRef.newBuilder()
                    .setBucket(bucket)
                    .setKey(key)
                    .setSha256(sha256)
                    .setSize(stat.size())
                    .build();
        });
    }

    /** All keys under {@code prefix}, recursively, in the order S3 lists them (lexicographic). */
    public List<String> list(String prefix) {
        return call("list " + where(bucket, prefix + "*"), () -> {
            List<String> keys = new ArrayList<>();
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            return keys;
        });
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        httpClient.dispatcher().executorService().shutdown();
        httpClient.connectionPool().evictAll();
    }

    private Optional<byte[]> read(String fromBucket, String key) {
        return call("get " + where(fromBucket, key), () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(fromBucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if (isCode(e, NO_SUCH_KEY)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private Optional<StatObjectResponse> statObject(String key) {
        return call("stat " + where(bucket, key), () -> {
            try {
                return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
            } catch (ErrorResponseException e) {
                if (isCode(e, NO_SUCH_KEY)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static boolean isCode(ErrorResponseException e, String code) {
        return e.errorResponse() != null && code.equals(e.errorResponse().code());
    }

    private static String where(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, S3Call<T> s3Call) {
        try {
            T answer = s3Call.run();
            successfulCalls.incrementAndGet();
            return answer;
        } catch (ArtifactStoreException | ArtifactIntegrityException e) {
            throw e;
        } catch (Exception e) {
            if (interrupt(e)) {
                // a shutdown told this thread to stop: not an outage and not a refusal (the caller hands its job back)
                Thread.currentThread().interrupt();
                throw ArtifactStoreException.interrupted("S3 " + what + " interrupted", e);
            }
            if (e instanceof ErrorResponseException refused) {
                String code = refused.errorResponse() == null ? "?" : refused.errorResponse().code();
                throw new ArtifactStoreException("S3 " + what + " failed: " + code + " " + e.getMessage(), e,
                        TRANSIENT_CODES.contains(code) || refused.response() != null && refused.response().code() >= 500);
            }
            // connection refused or reset, timeouts, 5xx: the server is away, not saying no
            boolean away = e instanceof java.io.IOException || e instanceof io.minio.errors.ServerException;
            throw new ArtifactStoreException("S3 " + what + " failed: " + e, e, away);
        }
    }

    /** An InterruptedException (MinIO wraps it in a RuntimeException) or OkHttp's interrupted I/O, not a timeout. */
    static boolean interrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException
                    || t instanceof java.io.InterruptedIOException && "interrupted".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    // Same timeouts as MinIO's default client, but daemon dispatcher threads (see class comment).
    private static OkHttpClient newHttpClient() {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "artifact-store-http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return new OkHttpClient.Builder()
                .dispatcher(new Dispatcher(executor))
                .connectionPool(new ConnectionPool(5, 5, TimeUnit.MINUTES))
                .connectTimeout(1, TimeUnit.MINUTES)
                .writeTimeout(5, TimeUnit.MINUTES)
                .readTimeout(5, TimeUnit.MINUTES)
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
    }
}
