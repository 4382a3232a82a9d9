package io.latentlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.latentlab.deploy.Manifests.name;
import static io.latentlab.deploy.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md in the rendered overlays: Kafka authenticates every client and authorizes each
 * KafkaUser for exactly the topics and group its service uses (derived from application.properties,
 * the topics it replays in its sources, and Topics.java), every credential comes from a Secret, MinIO's
 * root user stays with MinIO, and the NetworkPolicies deny by default and let through only what the
 * data flow needs.
 */
class K8sSecurityTest {

    /** Users that are not services: who may submit runs by hand, and KEDA's lag reader. */
    static final String SUBMITTER = "submitter";
    static final String KEDA = "keda";
    static final Pattern CREDENTIAL = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|JAAS|ROOT_USER).*");

    // ------------------------------------------------------------------ Kafka: authentication, ACLs

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theOnlyListenerIsTlsWithScramAndTheClusterAuthorizes(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, Object> listener = m.clientListener();
        assertThat(Yaml.at(listener, "tls")).as(overlay + ": listener TLS").isEqualTo(true);
        assertThat(Yaml.string(listener, "authentication.type")).as(overlay + ": listener authentication")
                .isIn("scram-sha-512", "tls");
        assertThat(Yaml.string(m.kafka(), "spec.kafka.authorization.type")).as(overlay + ": authorization")
                .isEqualTo("simple");
        // the policy Strimzi generates for the listener admits the same peers as ours, not everyone
        assertThat(Yaml.list(listener, "networkPolicyPeers")).as(overlay + ": networkPolicyPeers")
                .isEqualTo(Yaml.list(Yaml.list(m.find("NetworkPolicy", "kafka-clients").orElseThrow(), "spec.ingress").get(0),
                        "from"));
        assertThat(Yaml.at(m.kafka(), "spec.entityOperator.userOperator")).as("the User Operator makes the Secrets")
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsAKafkaUserAllowedExactlyItsTopicsAndGroup(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : Repo.kafkaServices()) {
            Map<String, Object> user = m.find("KafkaUser", service).orElseThrow(
                    () -> new AssertionError(overlay + ": no KafkaUser " + service));
            assertThat(Yaml.string(user, "spec.authentication.type")).as(service)
                    .isEqualTo(Yaml.string(m.clientListener(), "authentication.type"));
            assertThat(Yaml.map(user, "metadata.labels")).containsEntry("strimzi.io/cluster", name(m.kafka()));
            assertThat(acls(user)).as("%s: ACLs of %s (expected from its application.properties and replays)",
                    overlay, service).isEqualTo(expectedAcls(service));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSubmitterOnlySubmitsAndKedaOnlyReadsLag(String overlay) {
        Manifests m = Manifests.of(overlay);
        String requests = TopicNames.all().get("RUN_REQUESTS");
        assertThat(acls(m.find("KafkaUser", SUBMITTER).orElseThrow()))
                .isEqualTo(Map.of("topic:" + requests, Set.of("Write", "Describe")));

        Map<String, Set<String>> keda = new TreeMap<>();
        for (Map<String, Object> scaled : m.ofKind("ScaledObject")) {
            for (Object trigger : Yaml.list(scaled, "spec.triggers")) {
                keda.put("topic:" + Yaml.string(trigger, "metadata.topic"), Set.of("Describe"));
                keda.put("group:" + Yaml.string(trigger, "metadata.consumerGroup"), Set.of("Describe"));
            }
        }
        assertThat(acls(m.find("KafkaUser", KEDA).orElseThrow())).isEqualTo(keda);
        Map<String, Object> auth = m.find("TriggerAuthentication", "latentlab-kafka").orElseThrow();
        assertThat(Yaml.list(auth, "spec.secretTargetRef")).anySatisfy(ref -> {
            assertThat(Yaml.string(ref, "parameter")).isEqualTo("password");
            assertThat(Yaml.string(ref, "name")).isEqualTo(KEDA);
        });
        Map<String, Object> settings = m.find("ConfigMap", "keda-kafka").orElseThrow();
        assertThat(Yaml.map(settings, "data")).containsEntry("username", KEDA).containsEntry("sasl", "scram_sha512")
                .containsEntry("tls", "enable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyControlAndTheSubmitterWriteRunRequestsAndOnlyDataPrepConsumesThem(String overlay) {
        Manifests m = Manifests.of(overlay);
        String requests = "topic:" + TopicNames.all().get("RUN_REQUESTS");
        Set<String> writers = new TreeSet<>();
        Set<String> groupReaders = new TreeSet<>();
        Set<String> users = new TreeSet<>();
        for (Map<String, Object> user : m.ofKind("KafkaUser")) {
            users.add(name(user));
            Map<String, Set<String>> acls = acls(user);
            if (acls.getOrDefault(requests, Set.of()).contains("Write")) {
                writers.add(name(user));
            }
            if (acls.getOrDefault(requests, Set.of()).contains("Read")
                    && acls.keySet().stream().anyMatch(k -> k.startsWith("group:"))) {
                groupReaders.add(name(user));
            }
            // every ACL names a real topic or a real consumer group, literally (no prefixes, no wildcards)
            for (String resource : acls.keySet()) {
                String type = resource.substring(0, resource.indexOf(':'));
                String resourceName = resource.substring(resource.indexOf(':') + 1);
                if (type.equals("topic")) {
                    assertThat(TopicNames.all().values()).as("%s: %s ACL topic", overlay, name(user)).contains(resourceName);
                } else {
                    assertThat(type).as("%s: %s ACL resource %s", overlay, name(user), resource).isEqualTo("group");
                    assertThat(groups()).as("%s: %s ACL group", overlay, name(user)).contains(resourceName);
                }
            }
            for (Object acl : Yaml.list(user, "spec.authorization.acls")) {
                assertThat(Yaml.string(acl, "resource.patternType")).as(name(user)).isEqualTo("literal");
            }
        }
        assertThat(writers).as(overlay + ": who may write " + requests).containsExactly("control", SUBMITTER);
        assertThat(groupReaders).as(overlay + ": who consumes " + requests + " in a group").containsExactly("data-prep");
        Set<String> expected = new TreeSet<>(Repo.kafkaServices());
        expected.add(SUBMITTER);
        expected.add(KEDA);
        assertThat(users).as(overlay + ": KafkaUsers").isEqualTo(expected);
    }

    // ------------------------------------------------------------------ credentials

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceTakesItsKafkaCredentialsFromItsStrimziSecret(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : Repo.kafkaServices()) {
            Map<String, Object> pod = podSpec(m.find("Deployment", service).orElseThrow());
            Object container = Yaml.list(pod, "containers").get(0);
            Object jaas = env(container, "KAFKA_SASL_JAAS_CONFIG");
            assertThat(Yaml.string(jaas, "valueFrom.secretKeyRef.name")).as("%s: %s JAAS Secret", overlay, service)
                    .isEqualTo(service);
            assertThat(Yaml.string(jaas, "valueFrom.secretKeyRef.key")).isEqualTo("sasl.jaas.config");
            Map<String, Object> client = new TreeMap<>();
            for (Object source : Yaml.list(container, "envFrom")) {
                client.putAll(Yaml.map(m.find("ConfigMap", Yaml.string(source, "configMapRef.name")).orElseThrow(), "data"));
            }
            assertThat(client).as("%s: %s Kafka client settings", overlay, service)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", m.bootstrapServers())
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            String truststore = String.valueOf(client.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
            Object mount = Yaml.list(container, "volumeMounts").stream()
                    .filter(v -> truststore.startsWith(Yaml.string(v, "mountPath") + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + ": " + service + " mounts no " + truststore));
            Object volume = Yaml.list(pod, "volumes").stream()
                    .filter(v -> Yaml.string(v, "name").equals(Yaml.string(mount, "name"))).findFirst().orElseThrow();
            assertThat(Yaml.string(volume, "secret.secretName")).as("%s: %s CA", overlay, service)
                    .isEqualTo(name(m.kafka()) + "-cluster-ca-cert");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyCredentialComesFromASecretAndNoneIsInGit(String overlay) {
        Manifests m = Manifests.of(overlay);
        assertThat(m.ofKind("Secret")).as(overlay + ": Secrets with values in git").isEmpty();
        for (Map<String, Object> workload : m.workloads()) {
            checkCredentialsFromSecrets(overlay + ": " + workload.get("kind") + " " + name(workload), podSpec(workload));
        }
        for (Map<String, Object> cm : m.ofKind("ConfigMap")) {
            for (String key : Yaml.map(cm, "data").keySet()) {
                assertThat(key).as("%s: ConfigMap %s holds no credential", overlay, name(cm)).doesNotMatch(CREDENTIAL);
            }
        }
        // the control API's token
        Object control = Yaml.list(podSpec(m.find("Deployment", "control").orElseThrow()), "containers").get(0);
        assertThat(Yaml.string(env(control, "LATENTLAB_API_TOKEN"), "valueFrom.secretKeyRef.name"))
                .isEqualTo("latentlab-api-token");
        assertThat(Yaml.at(env(control, "LATENTLAB_API_READ_TOKEN"), "valueFrom.secretKeyRef.optional")).isEqualTo(true);
        // the Job that submits by hand
        Map<String, Object> trigger = Yaml.document(Repo.read("k8s/jobs/trigger-run.yaml"));
        checkCredentialsFromSecrets("k8s/jobs/trigger-run.yaml", podSpec(trigger));
        Object kcat = Yaml.list(podSpec(trigger), "containers").get(0);
        assertThat(Yaml.string(env(kcat, "SUBMITTER_PASSWORD"), "valueFrom.secretKeyRef.name")).isEqualTo(SUBMITTER);
        assertThat(String.join(" ", Yaml.list(kcat, "args").stream().map(String::valueOf).toList()))
                .contains("sasl.username=" + SUBMITTER, "SASL_SSL", "SCRAM-SHA-512");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void minioRootCredentialsStayWithMinioAndTheServicesUserIsLimitedToTheBucket(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (Map<String, Object> workload : m.workloads()) {
            Set<String> secrets = secretsOf(podSpec(workload));
            boolean root = secrets.contains("latentlab-minio-root");
            assertThat(root).as("%s: %s %s reads MinIO's root credentials", overlay, workload.get("kind"), name(workload))
                    .isEqualTo(List.of("minio", "minio-init").contains(name(workload)));
        }
        Object minio = Yaml.list(podSpec(m.find("StatefulSet", "minio").orElseThrow()), "containers").get(0);
        assertThat(Yaml.string(env(minio, "MINIO_ROOT_USER"), "valueFrom.secretKeyRef.name")).isEqualTo("latentlab-minio-root");
        assertThat(secretsOf(podSpec(m.find("StatefulSet", "minio").orElseThrow()))).doesNotContain("latentlab-s3");

        Object init = Yaml.list(podSpec(m.find("Job", "minio-init").orElseThrow()), "containers").get(0);
        String script = String.join("\n", Yaml.list(init, "args").stream().map(String::valueOf).toList());
        assertThat(script).contains("mc mb --ignore-existing root/latentlab", "mc admin policy create root latentlab-readwrite",
                "mc admin user add root \"$LATENTLAB_S3_ACCESS_KEY\"", "mc admin policy attach root latentlab-readwrite",
                "\"arn:aws:s3:::latentlab/*\"", "\"arn:aws:s3:::latentlab\"");
        // objects of the bucket only: no bucket creation, no admin, no other bucket
        assertThat(script).doesNotContain("s3:*", "s3:CreateBucket", "s3:DeleteBucket", "admin:", "arn:aws:s3:::*");
    }

    // ------------------------------------------------------------------ NetworkPolicies

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodIsIsolatedByDefaultAndMayResolveNames(String overlay) {
        NetworkPolicies policies = new NetworkPolicies(Manifests.of(overlay));
        for (Pod pod : policies.pods()) {
            assertThat(policies.isolated(pod, "Ingress")).as("%s: %s ingress denied by default", overlay, pod).isTrue();
            assertThat(policies.isolated(pod, "Egress")).as("%s: %s egress denied by default", overlay, pod).isTrue();
            assertThat(policies.egress(pod, Pod.of("kube-system", Map.of("k8s-app", "kube-dns")), 53, "UDP"))
                    .as("%s: %s resolves names", overlay, pod).isTrue();
            // nothing from elsewhere that no rule names
            assertThat(policies.ingress(Pod.of("elsewhere", Map.of("app", "curious")), pod, 8080))
                    .as("%s: another namespace reaches %s", overlay, pod).isFalse();
            assertThat(policies.egress(pod, Pod.of("elsewhere", Map.of("app", "exfiltration")), 443, "TCP"))
                    .as("%s: %s reaches another namespace", overlay, pod).isEqualTo(pod.isStrimzi());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServicesReachKafkaAndMinioAndNothingElse(String overlay) {
        Manifests m = Manifests.of(overlay);
        NetworkPolicies policies = new NetworkPolicies(m);
        Pod broker = policies.broker();
        Pod minio = policies.pod("StatefulSet", "minio");
        int kafkaPort = Integer.parseInt(Yaml.string(m.clientListener(), "port"));
        for (String service : Repo.services()) {
            Pod pod = policies.pod("Deployment", service);
            boolean kafka = Repo.kafkaServices().contains(service);
            assertThat(policies.egress(pod, broker, kafkaPort, "TCP")).as("%s: %s -> Kafka", overlay, service).isEqualTo(kafka);
            assertThat(policies.ingress(pod, broker, kafkaPort)).as("%s: Kafka admits %s", overlay, service).isEqualTo(kafka);
            assertThat(policies.egress(pod, minio, 9000, "TCP")).as("%s: %s -> MinIO", overlay, service).isTrue();
            assertThat(policies.ingress(pod, minio, 9000)).as("%s: MinIO admits %s", overlay, service).isTrue();
            assertThat(policies.egress(pod, minio, 9001, "TCP")).as("%s: %s -> MinIO console", overlay, service).isFalse();
            for (String other : Repo.services()) {
                Pod target = policies.pod("Deployment", other);
                // one service calls another: control forwards the draw page's predictions to the model server
                assertThat(policies.egress(pod, target, 8080, "TCP") && policies.ingress(pod, target, 8080))
                        .as("%s: %s -> %s", overlay, service, other)
                        .isEqualTo(service.equals("control") && other.equals(MODEL_SERVER));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheIngressControllerReachesControlAndPrometheusReachesEveryServicesMetrics(String overlay) {
        NetworkPolicies policies = new NetworkPolicies(Manifests.of(overlay));
        Pod ingress = Pod.of("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Pod prometheus = Pod.of("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
        Map<String, Object> monitor = Manifests.of(overlay).ofKind("ServiceMonitor").get(0);
        assertThat(Yaml.string(Yaml.list(monitor, "spec.endpoints").get(0), "path")).isEqualTo("/q/metrics");
        for (String service : Repo.services()) {
            Pod pod = policies.pod("Deployment", service);
            assertThat(policies.ingress(ingress, pod, 8080)).as("%s: the ingress reaches %s", overlay, service)
                    .isEqualTo(service.equals("control"));
            assertThat(policies.ingress(prometheus, pod, 8080)).as("%s: Prometheus scrapes %s", overlay, service).isTrue();
        }
        // nothing else of the cluster reaches the control service, nor the model server
        assertThat(policies.ingress(Pod.of("default", Map.of("app", "web")), policies.pod("Deployment", "control"), 8080))
                .isFalse();
        assertThat(policies.ingress(Pod.of(policies.pod("Deployment", "control").namespace(),
                Map.of("app.kubernetes.io/name", "curious")), policies.pod("Deployment", MODEL_SERVER), 8080))
                .as(overlay + ": a pod of the namespace reaches the model server").isFalse();
        assertThat(policies.ingress(Pod.of("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx")),
                policies.pod("StatefulSet", "minio"), 9000)).as(overlay + ": the ingress reaches MinIO").isFalse();
        // the control service has an Ingress, on the port the policy opens
        Map<String, Object> ing = Manifests.of(overlay).find("Ingress", "control").orElseThrow();
        Object path = Yaml.list(Yaml.list(ing, "spec.rules").get(0), "http.paths").get(0);
        assertThat(Yaml.string(path, "backend.service.name")).isEqualTo("control");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaAndMinioAdmitOnlyTheirClients(String overlay) {
        Manifests m = Manifests.of(overlay);
        NetworkPolicies policies = new NetworkPolicies(m);
        Pod broker = policies.broker();
        Pod minio = policies.pod("StatefulSet", "minio");
        Pod init = policies.pod("Job", "minio-init");
        int kafkaPort = Integer.parseInt(Yaml.string(m.clientListener(), "port"));
        Pod keda = Pod.of("keda", Map.of("app.kubernetes.io/name", "keda-operator"));
        Pod trigger = Pod.of(m.namespaceOf(m.kafka()), Map.of("app.kubernetes.io/name", "trigger-run"));
        assertThat(policies.ingress(keda, broker, kafkaPort)).as(overlay + ": KEDA reads lag").isTrue();
        assertThat(policies.ingress(trigger, broker, kafkaPort) && policies.egress(trigger, broker, kafkaPort, "TCP"))
                .as(overlay + ": trigger-run submits").isTrue();
        assertThat(policies.ingress(minio, broker, kafkaPort)).as(overlay + ": MinIO -> Kafka").isFalse();
        assertThat(policies.ingress(init, broker, kafkaPort)).as(overlay + ": minio-init -> Kafka").isFalse();
        assertThat(policies.ingress(Pod.of("default", Map.of("app", "x")), broker, kafkaPort)).isFalse();
        assertThat(policies.egress(init, minio, 9000, "TCP") && policies.ingress(init, minio, 9000))
                .as(overlay + ": minio-init -> MinIO").isTrue();
        assertThat(policies.ingress(trigger, minio, 9000)).as(overlay + ": trigger-run -> MinIO").isFalse();
        assertThat(policies.ingress(keda, minio, 9000)).isFalse();
        assertThat(policies.egress(minio, broker, kafkaPort, "TCP")).as(overlay + ": MinIO egress").isFalse();
    }

    @Test
    void composeKeepsMinioRootCredentialsAwayFromTheServicesAndGivesControlItsToken() {
        Map<String, Object> compose = Yaml.document(Tool.run("docker-compose",
                "docker-compose", "-f", "docker-compose.yml", "--env-file", ".env.example", "config"));
        Map<String, Object> services = Yaml.map(compose, "services");
        services.forEach((name, service) -> {
            Map<String, Object> env = Yaml.map(service, "environment");
            boolean root = env.containsKey("MINIO_ROOT_USER") || env.containsKey("MINIO_ROOT_PASSWORD");
            assertThat(root).as("compose %s gets MinIO's root credentials", name)
                    .isEqualTo(name.equals("minio") || name.equals("minio-init"));
        });
        assertThat(Yaml.map(services.get("control"), "environment")).containsKey("LATENTLAB_API_TOKEN");
        String init = String.join("\n", Yaml.list(services.get("minio-init"), "command").stream().map(String::valueOf).toList());
        assertThat(init).contains("mc admin user add", "mc admin policy attach", "arn:aws:s3:::latentlab/*");
        String raw = Repo.read("docker-compose.yml");
        assertThat(raw).contains("${LATENTLAB_API_TOKEN:?", "${MINIO_ROOT_PASSWORD:?");
        assertThat(Repo.read(".env.example")).contains("MINIO_ROOT_USER=", "MINIO_ROOT_PASSWORD=", "LATENTLAB_API_TOKEN=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theModelServerHasNoKafkaIdentityAndOnlyTheS3Secret(String overlay) {
        Manifests m = Manifests.of(overlay);
        assertThat(Repo.services()).contains(MODEL_SERVER);
        assertThat(Repo.kafkaServices()).doesNotContain(MODEL_SERVER);
        assertThat(m.find("KafkaUser", MODEL_SERVER)).as(overlay + ": a KafkaUser for the model server").isEmpty();
        assertThat(secretsOf(podSpec(m.find("Deployment", MODEL_SERVER).orElseThrow())))
                .as(overlay + ": the model server's Secrets").containsExactly("latentlab-s3-reader");
        // control forwards the draw page's predictions to the model server's Service, on the port the policies open
        assertThat(Yaml.map(m.find("ConfigMap", "control").orElseThrow(), "data"))
                .containsEntry("LATENTLAB_MODEL_SERVER_URL", "http://" + MODEL_SERVER + ":8080");
        assertThat(m.find("Service", MODEL_SERVER)).isPresent();
    }

    @Test
    void noServiceFallsBackToTheLocalStacksS3KeyOutsideDevAndTest() {
        for (String service : Repo.services()) {
            ServiceConfig config = ServiceConfig.of(service);
            for (String key : List.of("latentlab.s3.access-key", "latentlab.s3.secret-key")) {
                // the base value is an expression without default: a missing variable stops the service at start-up
                assertThat(config.properties().getProperty(key)).as("%s %s", service, key)
                        .matches("\\$\\{LATENTLAB_S3_(ACCESS|SECRET)_KEY}");
            }
            for (String property : config.properties().stringPropertyNames()) {
                if (property.startsWith("latentlab.s3.") || property.startsWith("%prod.latentlab.s3.")
                        || property.startsWith("%local.latentlab.s3.")) {
                    assertThat(config.properties().getProperty(property)).as("%s %s", service, property)
                            .doesNotContain("latentlab-secret").doesNotContain("test-secret");
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static final String MODEL_SERVER = "model-server";

    /** "topic:name" / "group:name" -> operations. */
    static Map<String, Set<String>> acls(Map<String, Object> user) {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (Object acl : Yaml.list(user, "spec.authorization.acls")) {
            String resource = Yaml.string(acl, "resource.type") + ":" + Yaml.string(acl, "resource.name");
            Set<String> operations = acls.computeIfAbsent(resource, r -> new TreeSet<>());
            Yaml.list(acl, "operations").forEach(o -> operations.add(String.valueOf(o)));
            if (Yaml.string(acl, "operation") != null) {
                operations.add(Yaml.string(acl, "operation"));
            }
        }
        return acls;
    }

    /**
     * What the service's code uses: its incoming channels' topics (Read) and groups (Read), its outgoing and
     * dead-letter topics (Write), the topics it re-reads without a group (Read); Describe on every topic.
     */
    static Map<String, Set<String>> expectedAcls(String service) {
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, Set<String>> acls = new TreeMap<>();
        config.incomingTopics().forEach((channel, topic) -> {
            add(acls, "topic:" + topic, "Read", "Describe");
            String group = config.properties().getProperty("mp.messaging.incoming." + channel + ".group.id");
            if (group != null) {
                add(acls, "group:" + group, "Read");
            }
        });
        config.outgoingTopics().values().forEach(topic -> add(acls, "topic:" + topic, "Write", "Describe"));
        config.deadLetterTopics().forEach(topic -> add(acls, "topic:" + topic, "Write", "Describe"));
        replayedTopics(service).forEach(topic -> add(acls, "topic:" + topic, "Read", "Describe"));
        return acls;
    }

    private static void add(Map<String, Set<String>> acls, String resource, String... operations) {
        acls.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(List.of(operations));
    }

    private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z_]+)");
    private static final Pattern TOPICS_LIST = Pattern.compile("TOPICS\\s*=\\s*List\\.of\\(([^)]*)\\)");

    /**
     * Topics a service reads from their beginning with a plain consumer (no group): the topics named where its
     * sources (and pipeline-runtime's, when it depends on it) call TopicReplay.assignFromBeginning, or list
     * the {@code TOPICS} a consumer it makes ({@code new KafkaConsumer} or {@code TopicReplay.consumer}) follows.
     */
    static Set<String> replayedTopics(String service) {
        List<Path> roots = new ArrayList<>();
        roots.add(Repo.path("services/" + service + "/src/main/java"));
        if (Repo.read("services/" + service + "/pom.xml").contains("<artifactId>pipeline-runtime</artifactId>")) {
            roots.add(Repo.path("services/lib/pipeline-runtime/src/main/java"));
        }
        Map<String, String> constants = TopicNames.all();
        Set<String> topics = new TreeSet<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    List<String> fragments = new ArrayList<>();
                    source.lines().filter(l -> l.contains("assignFromBeginning(") && l.contains("Topics."))
                            .forEach(fragments::add);
                    if (source.contains("new KafkaConsumer") || source.contains("TopicReplay.consumer(")) {
                        Matcher list = TOPICS_LIST.matcher(source);
                        while (list.find()) {
                            fragments.add(list.group(1));
                        }
                    }
                    for (String fragment : fragments) {
                        Matcher constant = TOPIC_CONSTANT.matcher(fragment);
                        while (constant.find()) {
                            topics.add(constants.get(constant.group(1)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return topics;
    }

    private static Set<String> groups() {
        return Repo.services().stream().flatMap(s -> {
            ServiceConfig config = ServiceConfig.of(s);
            return config.incomingTopics().keySet().stream()
                    .map(c -> config.properties().getProperty("mp.messaging.incoming." + c + ".group.id"));
        }).filter(g -> g != null).collect(Collectors.toSet());
    }

    static Object env(Object container, String variable) {
        return Yaml.list(container, "env").stream().filter(e -> variable.equals(Yaml.string(e, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError(Yaml.string(container, "name") + " has no env " + variable));
    }

    private static void checkCredentialsFromSecrets(String what, Map<String, Object> pod) {
        for (Object container : Yaml.list(pod, "containers")) {
            for (Object e : Yaml.list(container, "env")) {
                String variable = Yaml.string(e, "name");
                if (CREDENTIAL.matcher(variable).matches()) {
                    assertThat(Yaml.at(e, "value")).as("%s env %s is a literal", what, variable).isNull();
                    assertThat(Yaml.string(e, "valueFrom.secretKeyRef.name")).as("%s env %s from a Secret", what, variable)
                            .isNotNull();
                }
            }
        }
    }

    static Set<String> secretsOf(Map<String, Object> pod) {
        Set<String> secrets = new TreeSet<>();
        for (Object container : Yaml.list(pod, "containers")) {
            for (Object e : Yaml.list(container, "env")) {
                String secret = Yaml.string(e, "valueFrom.secretKeyRef.name");
                if (secret != null) {
                    secrets.add(secret);
                }
            }
            for (Object source : Yaml.list(container, "envFrom")) {
                if (Yaml.string(source, "secretRef.name") != null) {
                    secrets.add(Yaml.string(source, "secretRef.name"));
                }
            }
        }
        for (Object volume : Yaml.list(pod, "volumes")) {
            if (Yaml.string(volume, "secret.secretName") != null) {
                secrets.add(Yaml.string(volume, "secret.secretName"));
            }
        }
        return secrets;
    }

    /** A pod as NetworkPolicies see it: its namespace and labels. */
    record Pod(String namespace, Map<String, String> labels) {
        static Pod of(String namespace, Map<String, String> labels) {
            return new Pod(namespace, labels);
        }

        boolean isStrimzi() {
            return labels.containsKey("strimzi.io/cluster");
        }

        @Override
        public String toString() {
            return namespace + "/" + labels;
        }
    }

    /**
     * The NetworkPolicies of a rendering, evaluated as Kubernetes does for pod-to-pod traffic: a pod is isolated
     * for a direction once a policy of that type selects it, and then admits what any selecting policy's rule
     * allows (podSelector: the policy's namespace; namespaceSelector: by the namespace's
     * kubernetes.io/metadata.name label; both: pods of those namespaces; no "from"/"to": everyone).
     */
    static final class NetworkPolicies {
        private final Manifests m;
        private final String namespace;
        private final List<Map<String, Object>> policies;

        NetworkPolicies(Manifests m) {
            this.m = m;
            this.namespace = m.namespaceOf(m.kafka());
            this.policies = m.ofKind("NetworkPolicy");
            assertThat(policies).as(m.overlay() + ": NetworkPolicies").isNotEmpty();
            policies.forEach(p -> assertThat(m.namespaceOf(p)).isEqualTo(namespace));
        }

        /** Every pod of the rendering: the workloads' templates and Strimzi's broker pods. */
        List<Pod> pods() {
            List<Pod> pods = new ArrayList<>();
            for (Map<String, Object> w : m.workloads()) {
                pods.add(new Pod(namespace, labels(Yaml.map(w, "spec.template.metadata.labels"))));
            }
            pods.add(broker());
            return pods;
        }

        Pod pod(String kind, String name) {
            return new Pod(namespace, labels(Yaml.map(m.find(kind, name).orElseThrow(
                    () -> new AssertionError(m.overlay() + ": no " + kind + " " + name)), "spec.template.metadata.labels")));
        }

        /** The labels Strimzi gives the broker pods of a node pool with the broker role. */
        Pod broker() {
            String cluster = name(m.kafka());
            return new Pod(namespace, Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", cluster + "-kafka", "strimzi.io/broker-role", "true"));
        }

        boolean isolated(Pod pod, String type) {
            return policies.stream().anyMatch(p -> types(p).contains(type) && selects(p, pod));
        }

        /** {@code from} may open a connection to {@code to}:port as far as {@code to}'s ingress policies go. */
        boolean ingress(Pod from, Pod to, int port) {
            if (!to.namespace().equals(namespace) || !isolated(to, "Ingress")) {
                return true; // another namespace's policies, or a pod no policy isolates (the test above forbids that)
            }
            return policies.stream().filter(p -> types(p).contains("Ingress") && selects(p, to))
                    .flatMap(p -> Yaml.list(p, "spec.ingress").stream())
                    .anyMatch(rule -> ports(rule, port, "TCP") && peers(rule, "from", from));
        }

        /** {@code from} may open a connection to {@code to}:port as far as {@code from}'s egress policies go. */
        boolean egress(Pod from, Pod to, int port, String protocol) {
            if (!isolated(from, "Egress")) {
                return true;
            }
            return policies.stream().filter(p -> types(p).contains("Egress") && selects(p, from))
                    .flatMap(p -> Yaml.list(p, "spec.egress").stream())
                    .anyMatch(rule -> ports(rule, port, protocol) && peers(rule, "to", to));
        }

        private boolean selects(Map<String, Object> policy, Pod pod) {
            return pod.namespace().equals(namespace) && matches(Yaml.map(policy, "spec.podSelector"), pod.labels());
        }

        private static List<String> types(Map<String, Object> policy) {
            List<Object> declared = Yaml.list(policy, "spec.policyTypes");
            if (!declared.isEmpty()) {
                return declared.stream().map(String::valueOf).toList();
            }
            return Yaml.at(policy, "spec.egress") != null ? List.of("Ingress", "Egress") : List.of("Ingress");
        }

        private static boolean ports(Object rule, int port, String protocol) {
            List<Object> ports = Yaml.list(rule, "ports");
            return ports.isEmpty() || ports.stream().anyMatch(p -> String.valueOf(port).equals(Yaml.string(p, "port"))
                    && protocol.equals(Yaml.string(p, "protocol") == null ? "TCP" : Yaml.string(p, "protocol")));
        }

        private boolean peers(Object rule, String direction, Pod pod) {
            Object peers = Yaml.at(rule, direction);
            if (peers == null) {
                return true; // no from/to: every peer
            }
            for (Object peer : Yaml.list(rule, direction)) {
                Object namespaces = Yaml.at(peer, "namespaceSelector");
                Object podSelector = Yaml.at(peer, "podSelector");
                if (Yaml.at(peer, "ipBlock") != null) {
                    continue; // addresses, not pods: never used for the traffic checked here
                }
                boolean namespaceMatches = namespaces == null
                        ? pod.namespace().equals(namespace)
                        : matches(Yaml.map(peer, "namespaceSelector"), Map.of("kubernetes.io/metadata.name", pod.namespace()));
                boolean podMatches = podSelector == null || matches(Yaml.map(peer, "podSelector"), pod.labels());
                if (namespaceMatches && podMatches) {
                    return true;
                }
            }
            return false;
        }

        /** A label selector (matchLabels and matchExpressions In/NotIn/Exists/DoesNotExist); empty selects all. */
        static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
            for (Map.Entry<String, Object> label : Yaml.map(selector, "matchLabels").entrySet()) {
                if (!String.valueOf(label.getValue()).equals(labels.get(label.getKey()))) {
                    return false;
                }
            }
            for (Object expression : Yaml.list(selector, "matchExpressions")) {
                String key = Yaml.string(expression, "key");
                List<String> values = Yaml.list(expression, "values").stream().map(String::valueOf).toList();
                boolean ok = switch (Yaml.string(expression, "operator")) {
                    case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                    case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                    case "Exists" -> labels.containsKey(key);
                    case "DoesNotExist" -> !labels.containsKey(key);
                    default -> throw new AssertionError("unknown selector operator in " + expression);
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        private static Map<String, String> labels(Map<String, Object> raw) {
            Map<String, String> labels = new TreeMap<>();
            raw.forEach((k, v) -> labels.put(k, String.valueOf(v)));
            return labels;
        }
    }
}
