package io.latentlab.launcher;

import io.latentlab.kit.Topics;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pipeline for the fault tests, built to be broken: a Kafka broker (KRaft) and an S3 server (s3proxy)
 * each in a process of its own (io.latentlab.stack.StackServerMain), so either can be stopped and started
 * again on the same data dir and port, and every stage as one or more processes from its fast-jar that can
 * be killed with SIGKILL, restarted and scaled out. A follower records every progress event, run event and
 * dead letter from the beginning of their topics. Separate from {@link PipelineHarness}: its own stack.
 */
final class FaultHarness implements AutoCloseable {

    static final List<String> STAGES = List.of("data-prep", "noise-injector", "reducer-trainer", "classifier-trainer", "evaluator");
    static final String ACCESS_KEY = "fault";
    static final String SECRET_KEY = "fault-secret-key";
    static final String BUCKET = "latentlab";
    private static final Duration SERVICE_START = Duration.ofSeconds(150);
    private static final Duration SERVER_START = Duration.ofSeconds(120);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    /**
     * Env every stage gets (besides the stack's endpoints and its LATENTLAB_INSTANCE_ID): checkpoint every epoch,
     * one training at a time, and a job lease of 10 s instead of 30 s so that a killed instance's job is taken
     * over by another instance sooner.
     */
    static final Map<String, String> SERVICE_ENV = Map.of(
            "LATENTLAB_CHECKPOINT_SECONDS", "0",
            "LATENTLAB_LEASE_SECONDS", "10",
            "LATENTLAB_WORKERS", "1",
            "OMP_NUM_THREADS", "1",
            "QUARKUS_HTTP_PORT", "0");

    private final Path work;
    private final Path logs;
    /** Private copies of the stages' fast-jars: other builds may rewrite services/x/target meanwhile. */
    private final Path apps = Path.of("target", "fault-apps");
    private final ServerProcess kafka;
    private final ServerProcess s3;
    private final LauncherConfig config;
    private final Map<String, List<Instance>> instances = new LinkedHashMap<>();
    private final EventFollower events;
    private boolean closed;

    private FaultHarness(Path work, Path logs) throws IOException {
        this.work = work;
        this.logs = logs;
        int kafkaPort = freePort();
        int controllerPort = freePort();
        int s3Port = freePort();
        kafka = new ServerProcess("kafka", logs.resolve("kafka.log"), List.of("kafka",
                "--dir", work.resolve("kafka").toString(), "--port", String.valueOf(kafkaPort),
                "--controller-port", String.valueOf(controllerPort)), "-Xmx768m");
        s3 = new ServerProcess("s3", logs.resolve("s3.log"), List.of("s3",
                "--dir", work.resolve("s3").toString(), "--port", String.valueOf(s3Port),
                "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--bucket", BUCKET), "-Xmx384m");
        config = new LauncherConfig("127.0.0.1:" + kafkaPort, "http://127.0.0.1:" + s3Port, ACCESS_KEY, SECRET_KEY,
                BUCKET, Path.of("target", "fault-runs"));
        events = new EventFollower(config.bootstrapServers());
    }

    /** Starts the stack, stages MNIST and one instance of every stage. */
    static FaultHarness start() {
        try {
            Path work = Files.createTempDirectory("latentlab-fault");
            Path logs = Path.of("target", "fault-logs");
            Files.createDirectories(logs);
            try (var old = Files.list(logs)) {
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            FaultHarness harness = new FaultHarness(work, logs);
            // no process of the harness outlives the test JVM, also when it is interrupted
            Runtime.getRuntime().addShutdownHook(new Thread(harness::close, "fault-harness-close"));
            try {
                harness.copyApps();
                harness.kafka.start();
                harness.s3.start();
                harness.createTopics();
                try (ArtifactStore store = harness.store()) {
                    store.ensureBucket();
                    MnistStager.stage(store, PipelineHarness.mnistDir());
                }
                harness.events.start();
                List<Instance> started = new ArrayList<>();
                for (String stage : STAGES) {
                    started.add(harness.launch(stage, Map.of()));
                }
                for (Instance instance : started) {
                    instance.awaitStarted();
                }
                return harness;
            } catch (RuntimeException e) {
                harness.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LauncherConfig config() {
        return config;
    }

    ArtifactStore store() {
        return new ArtifactStore(config.s3Endpoint(), config.accessKey(), config.secretKey(), config.bucket());
    }

    EventFollower events() {
        return events;
    }

    Path logs() {
        return logs;
    }

    // ------------------------------------------------------------------ stages

    /** The live and dead instances of a stage, in start order. */
    synchronized List<Instance> instances(String stage) {
        return List.copyOf(instances.getOrDefault(stage, List.of()));
    }

    synchronized List<Instance> alive(String stage) {
        return instances(stage).stream().filter(Instance::alive).toList();
    }

    /** The first live instance of a stage. */
    Instance instance(String stage) {
        return alive(stage).stream().findFirst().orElseThrow(() -> new IllegalStateException("no live " + stage));
    }

    /** Starts another instance of {@code stage} (scale out) with extra env and waits until it is up. */
    Instance scaleOut(String stage, Map<String, String> env) {
        Instance instance = launch(stage, env);
        instance.awaitStarted();
        return instance;
    }

    private synchronized Instance launch(String stage, Map<String, String> extraEnv) {
        List<Instance> list = instances.computeIfAbsent(stage, s -> new ArrayList<>());
        Instance instance = new Instance(stage, list.size() + 1, extraEnv);
        list.add(instance);
        instance.start();
        return instance;
    }

    /**
     * Puts the harness back to its resting shape: the stack up, exactly one live instance of every stage (the
     * first; extra instances are stopped, dead first instances restarted). For use between scenarios.
     */
    void reset() {
        if (!kafka.alive()) {
            kafka.start();
        }
        if (!s3.alive()) {
            s3.start();
        }
        List<Instance> toAwait = new ArrayList<>();
        for (String stage : STAGES) {
            List<Instance> all = instances(stage);
            for (Instance extra : all.subList(1, all.size())) {
                extra.stop();
            }
            Instance first = all.get(0);
            if (!first.alive()) {
                first.start();
                toAwait.add(first);
            }
        }
        toAwait.forEach(Instance::awaitStarted);
    }

    private void copyApps() throws IOException {
        for (String stage : STAGES) {
            Path source = PipelineHarness.root().resolve("services").resolve(stage).resolve("target/quarkus-app");
            if (!Files.isRegularFile(source.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(source + "/quarkus-run.jar is missing: the service modules must be packaged first");
            }
            Path target = apps.resolve(stage);
            deleteTree(target);
            try (var files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        try {
                            // a build replaces its files (delete, write anew): a hard link keeps this copy intact
                            Files.createLink(copy, file);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(file, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    // ------------------------------------------------------------------ the stack

    ServerProcess kafka() {
        return kafka;
    }

    ServerProcess s3() {
        return s3;
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            admin.createTopics(Topics.all().stream().map(t -> new NewTopic(t, 4, (short) 1)).toList())
                    .values().forEach((name, future) -> {
                        try {
                            future.get(30, TimeUnit.SECONDS);
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof TopicExistsException)) {
                                throw new IllegalStateException("cannot create " + name, e.getCause());
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot create " + name, e);
                        }
                    });
        }
    }

    // ------------------------------------------------------------------ Kafka records

    /** Publishes raw bytes on a topic, waiting for the broker's ack. */
    void publish(String topic, String key, byte[] value) {
        publish(new ProducerRecord<>(topic, key, value));
    }

    void publish(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    /** Every record of a topic so far (read from its beginning to its current end). */
    List<ConsumerRecord<String, byte[]>> read(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("cannot read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** The first record of {@code topic} whose key is {@code key}. */
    ConsumerRecord<String, byte[]> record(String topic, String key) {
        return read(topic).stream().filter(r -> key.equals(r.key())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no record with key " + key + " on " + topic));
    }

    /** Re-publishes a copy of a record (same key, value and headers) on its topic: a duplicate delivery. */
    void redeliver(ConsumerRecord<String, byte[]> record) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), null, record.key(), record.value());
        for (Header header : record.headers()) {
            copy.headers().add(header);
        }
        publish(copy);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (List<Instance> list : instances.values()) {
            list.forEach(Instance::kill);
        }
        events.close();
        s3.stop();
        kafka.stop();
        try {
            deleteTree(work);
        } catch (IOException e) {
            // a temp dir: not worth failing the tests for
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log, long from) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(log);
            int start = (int) Math.min(from, bytes.length);
            return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ processes

    /** The Kafka broker or the S3 server as a child process on a fixed data dir and port. */
    final class ServerProcess {

        private final String name;
        private final Path log;
        private final List<String> args;
        private final String heap;
        private Process process;

        ServerProcess(String name, Path log, List<String> args, String heap) {
            this.name = name;
            this.log = log;
            this.args = args;
            this.heap = heap;
        }

        synchronized void start() {
            if (alive()) {
                throw new IllegalStateException(name + " is running");
            }
            Instant deadline = Instant.now().plus(SERVER_START);
            // the port of the previous process may linger for a moment: retry a failed start
            while (true) {
                long from = size(log);
                List<String> command = new ArrayList<>(List.of("java", heap,
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                        "io.latentlab.stack.StackServerMain"));
                command.addAll(args);
                try {
                    process = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                while (process.isAlive() && !tail(log, from).contains("READY ")) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(name + " not ready within " + SERVER_START + ", see " + log);
                    }
                    sleep(100);
                }
                if (process.isAlive()) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(name + " failed to start:\n" + tail(log, from));
                }
                sleep(1000);
            }
        }

        /** SIGTERM: the server shuts down cleanly (Kafka flushes its logs). */
        synchronized void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** SIGKILL. */
        synchronized void kill() {
            killNow(process);
        }

        synchronized boolean alive() {
            return process != null && process.isAlive();
        }
    }

    /** One process of a stage; restarts reuse its number, env and (appended) log. */
    final class Instance {

        final String stage;
        final int number;
        private final Map<String, String> extraEnv;
        private final Path log;
        private Process process;
        private long logStart;
        private int starts;
        private volatile int httpPort = -1;

        Instance(String stage, int number, Map<String, String> extraEnv) {
            this.stage = stage;
            this.number = number;
            this.extraEnv = Map.copyOf(extraEnv);
            this.log = logs.resolve(id() + ".log");
        }

        /** "reducer-trainer-2": also its LATENTLAB_INSTANCE_ID and its log's name. */
        String id() {
            return stage + "-" + number;
        }

        Path log() {
            return log;
        }

        long pid() {
            return process.pid();
        }

        int httpPort() {
            return httpPort;
        }

        synchronized void start() {
            if (alive()) {
                throw new IllegalStateException(id() + " is running");
            }
            Path jar = apps.resolve(stage).resolve("quarkus-run.jar");
            logStart = size(log);
            starts++;
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=2g",
                    "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.put("KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers());
            env.put("LATENTLAB_S3_ENDPOINT", config.s3Endpoint());
            env.put("LATENTLAB_S3_ACCESS_KEY", config.accessKey());
            env.put("LATENTLAB_S3_SECRET_KEY", config.secretKey());
            env.put("LATENTLAB_S3_BUCKET", config.bucket());
            env.put("LATENTLAB_INSTANCE_ID", id());
            env.putAll(SERVICE_ENV);
            env.putAll(extraEnv);
            try {
                Files.writeString(log, "==== start " + starts + " of " + id() + " at " + Instant.now() + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                logStart = size(log);
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for Quarkus's "started in" line of the current start. */
        void awaitStarted() {
            Instant deadline = Instant.now().plus(SERVICE_START);
            while (Instant.now().isBefore(deadline)) {
                String text = tail(log, logStart);
                if (text.contains("started in")) {
                    Matcher port = LISTENING.matcher(text);
                    if (port.find()) {
                        httpPort = Integer.parseInt(port.group(1));
                    }
                    return;
                }
                if (!alive()) {
                    throw new IllegalStateException(id() + " exited with " + process.exitValue() + ":\n" + text);
                }
                sleep(200);
            }
            throw new IllegalStateException(id() + " did not start within " + SERVICE_START + ", see " + log);
        }

        /** kill -9: the JVM gets no chance to finish, commit or leave its consumer group. */
        synchronized void kill() {
            killNow(process);
        }

        /**
         * SIGTERM, what Kubernetes sends first on a rolling update, a scale-down or a drain, then up to {@code grace}
         * for the process to exit on its own; SIGKILL after that.
         *
         * @return true when the process exited on its own, before any SIGKILL
         */
        synchronized boolean terminate(Duration grace) {
            if (process == null || !process.isAlive()) {
                return true;
            }
            process.destroy();
            try {
                if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    return true;
                }
                process.destroyForcibly().waitFor();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** SIGSTOP: the process freezes (a long GC pause, a stalled node) without knowing it. */
        void pause() {
            signal("-STOP");
        }

        /** SIGCONT after {@link #pause()}. */
        void resume() {
            signal("-CONT");
        }

        private void signal(String signal) {
            try {
                Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
                if (kill.waitFor() != 0) {
                    throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** SIGTERM, a clean shutdown (SIGKILL after 30 s). */
        synchronized void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Starts the instance again (same number, env and log) and waits until it is up. */
        Instance restart() {
            start();
            awaitStarted();
            return this;
        }

        synchronized boolean alive() {
            return process != null && process.isAlive();
        }

        /** Everything this instance logged, over all its starts. */
        String logText() {
            return tail(log, 0);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    // ------------------------------------------------------------------ the follower

    /** One progress event as the tests look at it. */
    record ProgressEvent(Progress.Kind kind, String runId, String jobId, int epoch, String message, String stage,
                         long timestampMs, int partition, long offset) {

        static ProgressEvent of(Progress p, int partition, long offset) {
            return new ProgressEvent(p.getKind(), p.getRunId(), p.getJobId(), p.getEpoch(), p.getMessage(), p.getStage(),
                    p.getTimestampMs(), partition, offset);
        }

        @Override
        public String toString() {
            return "%s %s/%s %s epoch=%d '%s'".formatted(stage, runId, jobId, kind, epoch, message);
        }
    }

    /** A record of latentlab.dead-letters with its headers as strings. */
    record DeadLetter(String key, byte[] value, Map<String, String> headers) {
    }

    /**
     * Reads latentlab.progress, latentlab.run-events and latentlab.dead-letters from their beginning for the
     * whole test class (no consumer group: it survives broker restarts and sees everything once).
     */
    static final class EventFollower implements AutoCloseable {

        private final String bootstrapServers;
        private final List<ProgressEvent> progress = new CopyOnWriteArrayList<>();
        private final List<RunEvent> runEvents = new CopyOnWriteArrayList<>();
        private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private volatile boolean running = true;
        private Thread thread;

        EventFollower(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        void start() {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    // should the broker's restart ever move a position out of range: re-read, never skip
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.PROGRESS, Topics.RUN_EVENTS, Topics.DEAD_LETTERS)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(() -> follow(consumer), "fault-event-follower");
            thread.setDaemon(true);
            thread.start();
        }

        private void follow(KafkaConsumer<String, byte[]> consumer) {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        accept(record);
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                // closing
            }
        }

        private void accept(ConsumerRecord<String, byte[]> record) {
            if (!seen.add(record.topic() + "/" + record.partition() + "/" + record.offset())) {
                return; // re-read after a reset to the earliest offset
            }
            try {
                switch (record.topic()) {
                    case Topics.PROGRESS -> progress.add(ProgressEvent.of(Progress.parseFrom(record.value()),
                            record.partition(), record.offset()));
                    case Topics.RUN_EVENTS -> runEvents.add(RunEvent.parseFrom(record.value()));
                    default -> {
                        Map<String, String> headers = new LinkedHashMap<>();
                        for (Header header : record.headers()) {
                            headers.put(header.key(), header.value() == null ? null
                                    : new String(header.value(), StandardCharsets.UTF_8));
                        }
                        deadLetters.add(new DeadLetter(record.key(), record.value(), headers));
                    }
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                // the dead-letter scenario puts garbage on run-events: not an event
            }
        }

        /** Every progress event of a run so far, in the order read (per partition: as published). */
        List<ProgressEvent> progress(String runId) {
            return progress.stream().filter(p -> p.runId().equals(runId)).toList();
        }

        List<ProgressEvent> progress(String runId, String jobId) {
            return progress.stream().filter(p -> p.runId().equals(runId) && p.jobId().equals(jobId)).toList();
        }

        Optional<ProgressEvent> first(Predicate<ProgressEvent> matching) {
            return progress.stream().filter(matching).findFirst();
        }

        List<ProgressEvent> all() {
            return List.copyOf(progress);
        }

        List<RunEvent> allRunEvents() {
            return List.copyOf(runEvents);
        }

        List<RunEvent> runEvents(String runId) {
            return runEvents.stream().filter(e -> e.getRunId().equals(runId)).toList();
        }

        List<DeadLetter> deadLetters() {
            return List.copyOf(deadLetters);
        }

        /** A readable dump of a run's events, for assertion messages. */
        String describe(String runId) {
            return progress(runId).stream().map(ProgressEvent::toString).collect(Collectors.joining("\n"));
        }

        @Override
        public void close() {
            running = false;
            if (thread != null) {
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** SIGKILL and wait for the process to be gone. */
    private static void killNow(Process process) {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
