package io.latentlab.stack.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStoreLocator;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * MinIO's users as the S3 stand-in knows them: the root user may do everything; a user added by the admin API
 * may reach only the buckets named by the resources of the policy attached to it (no policy: nothing), as a
 * bucket-scoped MinIO policy allows. Finer rules (actions) are not modelled.
 */
final class S3Users implements BlobStoreLocator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN_PREFIX = "arn:aws:s3:::";

    private final BlobStore store;
    private final String rootUser;
    private final String rootPassword;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> bucketsByPolicy = new ConcurrentHashMap<>();
    private final Map<String, String> policyByUser = new ConcurrentHashMap<>();

    S3Users(BlobStore store, String rootUser, String rootPassword) {
        this.store = store;
        this.rootUser = rootUser;
        this.rootPassword = rootPassword;
    }

    @Override
    public AccessGrant locateBlobStore(String identity, String container, String blob) {
        if (rootUser.equals(identity)) {
            return new AccessGrant(rootPassword, store);
        }
        String secret = identity == null ? null : secrets.get(identity);
        if (secret == null || container == null || !bucketsOf(identity).contains(container)) {
            return null; // s3proxy answers 403
        }
        return new AccessGrant(Optional.of(secret), store);
    }

    boolean isRoot(String user, String password) {
        return rootUser.equals(user) && rootPassword.equals(password);
    }

    void addUser(String accessKey, String secretKey) {
        if (secretKey.length() < 8) {
            throw new IllegalArgumentException("the secret key of " + accessKey + " must be 8 characters or more");
        }
        secrets.put(accessKey, secretKey);
    }

    /** Keeps the buckets that the policy's resources name ({@code arn:aws:s3:::bucket} and {@code .../*}). */
    void createPolicy(String name, String policyJson) throws IOException {
        Set<String> buckets = new TreeSet<>();
        for (JsonNode statement : JSON.readTree(policyJson).path("Statement")) {
            JsonNode resources = statement.path("Resource");
            for (JsonNode resource : resources.isArray() ? resources : JSON.createArrayNode().add(resources)) {
                String arn = resource.asText();
                if (arn.startsWith(ARN_PREFIX)) {
                    buckets.add(arn.substring(ARN_PREFIX.length()).split("/", 2)[0]);
                }
            }
        }
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("policy " + name + " names no bucket (arn:aws:s3:::<bucket>)");
        }
        bucketsByPolicy.put(name, buckets);
    }

    void attachPolicy(String policy, String accessKey) {
        if (!bucketsByPolicy.containsKey(policy)) {
            throw new IllegalArgumentException("no policy " + policy);
        }
        if (!secrets.containsKey(accessKey)) {
            throw new IllegalArgumentException("no user " + accessKey);
        }
        policyByUser.put(accessKey, policy);
    }

    /** {@code policy: <name>} of a known user, empty for an unknown one. */
    Optional<String> describe(String accessKey) {
        if (!secrets.containsKey(accessKey)) {
            return Optional.empty();
        }
        return Optional.of("accessKey: " + accessKey + "\npolicy: " + policyByUser.getOrDefault(accessKey, "") + "\n");
    }

    private Set<String> bucketsOf(String accessKey) {
        String policy = policyByUser.get(accessKey);
        return policy == null ? Set.of() : bucketsByPolicy.getOrDefault(policy, Set.of());
    }
}
