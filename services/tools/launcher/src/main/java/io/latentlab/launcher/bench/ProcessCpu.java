package io.latentlab.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the local processes' CPU time goes, from Linux's {@code /proc}: the CPU seconds of every thread of the
 * processes that {@code ./latentlab} started (one {@code <name>.pid} file each), summed by kind of thread.
 * Two snapshots, one at the request and one at the report, give what a run cost beside its useful training.
 */
public final class ProcessCpu {

    /** Kinds of thread, by the name the JVM or the library gives it (Linux keeps its first 15 characters). */
    public static final String TRAINING = "training";
    public static final String JIT = "jit";
    public static final String GC = "gc";
    public static final String KAFKA = "kafka";
    public static final String STORAGE = "storage";
    public static final String NATIVE_MEMORY = "native memory";
    public static final String OTHER = "other";
    /** Every kind, in the order a table shows them. */
    public static final List<String> KINDS = List.of(TRAINING, JIT, GC, KAFKA, STORAGE, NATIVE_MEMORY, OTHER);

    // USER_HZ: the unit of /proc's utime and stime, 100 on every Linux ABI the JDK runs on
    private static final double TICKS_PER_SECOND = 100;

    private final Path procRoot;
    private final Path pidsDir;

    public ProcessCpu(Path procRoot, Path pidsDir) {
        this.procRoot = procRoot;
        this.pidsDir = pidsDir;
    }

    /** The processes of {@code pidsDir} on this machine, if it has Linux's /proc. */
    public static Optional<ProcessCpu> local(Path pidsDir) {
        Path proc = Path.of("/proc");
        return Files.isDirectory(proc.resolve("self").resolve("task")) ? Optional.of(new ProcessCpu(proc, pidsDir))
                : Optional.empty();
    }

    /** CPU seconds so far by process name and kind of thread; a process that is gone is left out. */
    public Map<String, Map<String, Double>> snapshot() {
        Map<String, Map<String, Double>> seconds = new TreeMap<>();
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(pidsDir, "*.pid")) {
            for (Path pidFile : pidFiles) {
                String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                // "<pid> <start>" (./latentlab's record_pid); the pid is the first word
                String pid = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split("\\s+")[0];
                Map<String, Double> kinds = threadsOf(procRoot.resolve(pid).resolve("task"));
                if (!kinds.isEmpty()) {
                    seconds.put(name, kinds);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the processes of " + pidsDir + ": " + e.getMessage(), e);
        }
        return seconds;
    }

    /** What happened between two snapshots: every process and kind, in CPU seconds. */
    public static Map<String, Map<String, Double>> between(Map<String, Map<String, Double>> before,
                                                           Map<String, Map<String, Double>> after) {
        Map<String, Map<String, Double>> used = new TreeMap<>();
        after.forEach((process, kinds) -> {
            Map<String, Double> was = before.getOrDefault(process, Map.of());
            Map<String, Double> delta = new TreeMap<>();
            // a thread that ended between the snapshots takes its time with it: never below zero
            kinds.forEach((kind, s) -> delta.put(kind, Math.max(0, s - was.getOrDefault(kind, 0.0))));
            used.put(process, delta);
        });
        return used;
    }

    static String kindOf(String threadName) {
        String name = threadName.toLowerCase(Locale.ROOT);
        if (name.startsWith("trainers-")) {
            return TRAINING;
        }
        if (name.startsWith("c1 compiler") || name.startsWith("c2 compiler")) {
            return JIT;
        }
        if (name.startsWith("gc ") || name.startsWith("g1 ")) {
            return GC;
        }
        // "kafk": the broker's "data-plane-kafka-…" threads are cut to "data-plane-kafk"
        if (name.contains("kafk") || name.startsWith("executor-fetch") || name.startsWith("group-coordinat")) {
            return KAFKA;
        }
        if (name.startsWith("artifact-store") || name.startsWith("s3proxy") || name.startsWith("okhttp")) {
            return STORAGE;
        }
        if (name.startsWith("javacpp_dealloc") || name.startsWith("deallocatorserv")) {
            return NATIVE_MEMORY;
        }
        return OTHER;
    }

    private static Map<String, Double> threadsOf(Path tasks) throws IOException {
        Map<String, Double> kinds = new TreeMap<>();
        if (!Files.isDirectory(tasks)) {
            return kinds;
        }
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    String comm = Files.readString(thread.resolve("comm"), StandardCharsets.UTF_8).trim();
                    kinds.merge(kindOf(comm), ticks(Files.readString(thread.resolve("stat"), StandardCharsets.UTF_8))
                            / TICKS_PER_SECOND, Double::sum);
                } catch (IOException e) {
                    // the thread ended while being read
                }
            }
        }
        return kinds;
    }

    /** utime + stime of a /proc stat line; the name in parentheses may itself hold spaces and parentheses. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // after the name: state is field 3 of proc(5), utime 14 and stime 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
