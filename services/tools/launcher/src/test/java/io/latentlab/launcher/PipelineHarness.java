package io.latentlab.launcher;

import io.latentlab.kit.Topics;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.stack.EmbeddedKafka;
import io.latentlab.stack.EmbeddedS3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The whole pipeline for the end-to-end tests: a real KRaft broker and s3proxy in this JVM, the four
 * services' built fast-jars as separate processes, MNIST staged. Started once per test JVM.
 */
final class PipelineHarness {

    private static final List<String> SERVICES = List.of("data-prep", "noise-injector", "reducer-trainer", "classifier-trainer", "evaluator");
    private static final Duration SERVICE_START = Duration.ofSeconds(120);
    /** Training slots of the machine, shared by the stages (./latentlab: one per core). */
    static final int SLOTS = 2;
    private static PipelineHarness instance;

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final List<Process> services = new ArrayList<>();
    private final List<Process> extras = new ArrayList<>();
    private final Map<String, Integer> httpPorts = new java.util.concurrent.ConcurrentHashMap<>();
    private final LauncherConfig config;
    private final Path logs;

    static synchronized PipelineHarness get() {
        if (instance == null) {
            instance = new PipelineHarness();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    static Path root() {
        return Path.of(System.getProperty("latentlab.root", "../../.."));
    }

    static Path mnistDir() {
        return Path.of(System.getProperty("latentlab.mnist.dir", System.getenv().getOrDefault("LATENTLAB_MNIST_DIR",
                System.getProperty("user.home") + "/.cache/latentlab/mnist")));
    }

    private PipelineHarness() {
        try {
            Path work = Files.createTempDirectory("latentlab-e2e");
            logs = Path.of("target", "e2e-logs");
            Files.createDirectories(logs);
            kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
            kafka.createTopics(Topics.all().stream().collect(Collectors.toMap(t -> t, t -> 4)));
            // the services run in the prod profile: a key of 16 characters or more (SecretPolicy)
            s3 = EmbeddedS3.start(work.resolve("s3"), freePort(), "e2e", "e2e-secret-key-0123");
            config = new LauncherConfig(kafka.bootstrapServers(), s3.endpoint(), "e2e", "e2e-secret-key-0123",
                    "latentlab", Path.of("target", "e2e-runs"));
            try (ArtifactStore store = store()) {
                store.ensureBucket();
                MnistStager.stage(store, mnistDir());
            }
            try {
                for (String service : SERVICES) {
                    services.add(startService(service));
                }
                for (String service : SERVICES) {
                    awaitStarted(service);
                }
            } catch (IOException | RuntimeException e) {
                services.forEach(Process::destroy); // no instance, no shutdown hook: leave no process behind
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> services() {
        return SERVICES;
    }

    /** The HTTP port a service chose (health, /q/metrics). */
    int httpPort(String service) {
        Integer port = httpPorts.get(service);
        if (port == null) {
            throw new IllegalStateException("no HTTP port seen in the log of " + service);
        }
        return port;
    }

    LauncherConfig config() {
        return config;
    }

    ArtifactStore store() {
        return new ArtifactStore(config.s3Endpoint(), config.accessKey(), config.secretKey(), config.bucket());
    }

    /**
     * Starts one more packaged service (control, model-server) against this pipeline's broker and S3, on a free
     * port, with {@code env} added; returns its HTTP port once it has started.
     */
    synchronized int startExtra(String name, Map<String, String> env) {
        Integer running = httpPorts.get(name);
        if (running != null) {
            return running;
        }
        try {
            Process process = startService(name, env);
            extras.add(process);
            awaitStarted(name, process);
            return httpPort(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process startService(String name) throws IOException {
        return startService(name, Map.of());
    }

    private Process startService(String name, Map<String, String> extraEnv) throws IOException {
        Path jar = root().resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the service modules must be packaged first");
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers());
        env.put("LATENTLAB_S3_ENDPOINT", config.s3Endpoint());
        env.put("LATENTLAB_S3_ACCESS_KEY", config.accessKey());
        env.put("LATENTLAB_S3_SECRET_KEY", config.secretKey());
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("OMP_NUM_THREADS", "1");
        // the local stack's scheduling: two training slots shared by every stage, four jobs in hand per trainer
        env.put("LATENTLAB_SLOTS", Integer.toString(SLOTS));
        env.put("LATENTLAB_SLOTS_DIR", logs.resolve("slots").toAbsolutePath().toString());
        env.put("LATENTLAB_WORKERS", Integer.toString(2 * SLOTS));
        env.putAll(extraEnv);
        return builder.start();
    }

    private void awaitStarted(String name) throws IOException {
        awaitStarted(name, services.get(SERVICES.indexOf(name)));
    }

    private void awaitStarted(String name, Process process) throws IOException {
        Path log = logs.resolve(name + ".log");
        Instant deadline = Instant.now().plus(SERVICE_START);
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("started in")) {
                Matcher port = LISTENING.matcher(text);
                if (port.find()) {
                    httpPorts.put(name, Integer.parseInt(port.group(1)));
                }
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + text);
            }
            sleep();
        }
        throw new IllegalStateException(name + " did not start within " + SERVICE_START + ", see " + log);
    }

    private void stop() {
        services.addAll(extras);
        services.forEach(Process::destroy);
        for (Process process : services) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        s3.close();
        kafka.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
