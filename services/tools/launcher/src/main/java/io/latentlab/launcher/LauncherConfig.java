package io.latentlab.launcher;

import java.nio.file.Path;
import java.util.Map;

/** Where the stack is: read from the environment that {@code ./latentlab} exports (defaults: the local stack). */
public record LauncherConfig(String bootstrapServers, String s3Endpoint, String accessKey, String secretKey,
                             String bucket, Path runsDir) {

    public static LauncherConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    static LauncherConfig fromMap(Map<String, String> env) {
        return new LauncherConfig(
                env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                env.getOrDefault("LATENTLAB_S3_ENDPOINT", "http://127.0.0.1:9000"),
                env.getOrDefault("LATENTLAB_S3_ACCESS_KEY", "latentlab"),
                env.getOrDefault("LATENTLAB_S3_SECRET_KEY", "latentlab-secret"),
                env.getOrDefault("LATENTLAB_S3_BUCKET", "latentlab"),
                Path.of(env.getOrDefault("LATENTLAB_RUNS_DIR", "runs")));
    }
}
