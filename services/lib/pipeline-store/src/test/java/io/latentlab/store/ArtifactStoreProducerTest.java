package io.latentlab.store;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.testsupport.S3StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The producer against a real S3 server (s3proxy): the store it makes is the configured bucket's. */
class ArtifactStoreProducerTest {

    @RegisterExtension
    static final S3StoreExtension S3 = new S3StoreExtension("configured");

    private final ArtifactStoreProducer producer = new ArtifactStoreProducer();

    @Test
    void theProducedStoreReadsAndWritesTheConfiguredBucketOfTheConfiguredServer() {
        ArtifactRef written = S3.store().put("runs/r1/report.json", "{}".getBytes(StandardCharsets.UTF_8));

        ArtifactStore store = producer.artifactStore(config(S3.endpoint(), "configured"));
        try {
            assertThat(store.bucket()).isEqualTo("configured");
            assertThat(new String(store.get(written), StandardCharsets.UTF_8)).isEqualTo("{}");
            store.put("runs/r1/rows/a.json", new byte[] {1});
            assertThat(S3.store().exists("runs/r1/rows/a.json")).isTrue();
        } finally {
            producer.close(store);
        }
    }

    @Test
    void theProducerDoesNotCreateTheBucketAndAMissingOneIsNamed() {
        // the deployment creates it (minio-init, the local stack): the services' S3 user may not
        ArtifactStore store = producer.artifactStore(config(S3.endpoint(), "not-created"));
        try {
            assertThatThrownBy(() -> store.put("runs/r1/report.json", new byte[] {1}))
                    .hasMessageContaining("not-created");
        } finally {
            producer.close(store);
        }
    }

    private static StoreConfig config(String endpoint, String bucket) {
        return new StoreConfig() {
            public String endpoint() {
                return endpoint;
            }

            public String accessKey() {
                return "test";
            }

            public String secretKey() {
                return "test-secret";
            }

            public String bucket() {
                return bucket;
            }
        };
    }
}
