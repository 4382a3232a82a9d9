package io.latentlab.stack.container;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3UsersTest {

    /** docker-compose.yml's minio-init policy */
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListBucket"], "Resource": ["arn:aws:s3:::latentlab"]},
              {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::latentlab/*"]}]}
            """;

    @TempDir
    Path dir;

    @Test
    void theRootUserReachesEverythingAUserOnlyTheBucketsOfItsPolicy() throws Exception {
        BlobStore store = new FilesystemNio2BlobStore(dir.toString());
        S3Users users = new S3Users(store, "minio-root", "root-password");
        users.addUser("latentlab", "service-secret");

        assertThat(users.locateBlobStore("minio-root", "other", null).credential()).contains("root-password");
        assertThat(users.locateBlobStore("latentlab", "latentlab", "k")).as("no policy yet").isNull();

        users.createPolicy("latentlab-readwrite", POLICY);
        users.attachPolicy("latentlab-readwrite", "latentlab");
        assertThat(users.locateBlobStore("latentlab", "latentlab", "runs/x").credential()).contains("service-secret");
        assertThat(users.locateBlobStore("latentlab", "other", "k")).isNull();
        assertThat(users.locateBlobStore("latentlab", null, null)).as("listing every bucket").isNull();
        assertThat(users.locateBlobStore("stranger", "latentlab", "k")).isNull();
        assertThat(users.describe("latentlab")).hasValueSatisfying(info -> assertThat(info).contains("policy: latentlab-readwrite"));
    }

    @Test
    void mistakesAreRefusedWithTheirReason() {
        S3Users users = new S3Users(new FilesystemNio2BlobStore(dir.toString()), "root", "root-password");
        assertThatThrownBy(() -> users.addUser("u", "short")).hasMessageContaining("8 characters");
        assertThatThrownBy(() -> users.createPolicy("p", "{\"Statement\": [{\"Resource\": \"*\"}]}"))
                .hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> users.attachPolicy("missing", "u")).hasMessageContaining("no policy missing");
    }
}
