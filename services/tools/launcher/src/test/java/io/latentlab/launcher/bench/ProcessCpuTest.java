package io.latentlab.launcher.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The CPU accounting of bench study, on a /proc tree of its own. */
class ProcessCpuTest {

    @TempDir
    Path dir;

    @Test
    void threadsAreSummedByKindPerProcessBetweenTwoSnapshots() throws IOException {
        Path proc = dir.resolve("proc");
        Path pids = Files.createDirectories(dir.resolve("pids"));
        Files.writeString(pids.resolve("reducer-trainer.pid"), "100 0b6e1c52-boot:4242\n"); // ./latentlab's "<pid> <start>"
        Files.writeString(pids.resolve("gone.pid"), "999\n"); // a process that has exited: left out
        thread(proc, 100, 101, "trainers-1", 500, 20);
        thread(proc, 100, 102, "trainers-2", 300, 0);
        thread(proc, 100, 103, "C2 CompilerThre", 40, 2);
        thread(proc, 100, 104, "smallrye-kafka-", 10, 5);
        ProcessCpu cpu = new ProcessCpu(proc, pids);
        Map<String, Map<String, Double>> before = cpu.snapshot();

        thread(proc, 100, 101, "trainers-1", 1500, 20); // +10 s
        thread(proc, 100, 102, "trainers-2", 800, 0); // +5 s
        thread(proc, 100, 104, "smallrye-kafka-", 10, 105); // +1 s
        thread(proc, 100, 105, "GC Thread#0", 30, 0); // new since: 0.3 s
        Map<String, Map<String, Double>> used = ProcessCpu.between(before, cpu.snapshot());

        assertThat(used).containsOnlyKeys("reducer-trainer");
        Map<String, Double> kinds = used.get("reducer-trainer");
        assertThat(kinds.get(ProcessCpu.TRAINING)).isCloseTo(15.0, within(1e-9));
        assertThat(kinds.get(ProcessCpu.KAFKA)).isCloseTo(1.0, within(1e-9));
        assertThat(kinds.get(ProcessCpu.JIT)).isZero();
        assertThat(kinds.get(ProcessCpu.GC)).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void aThreadNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "4242 (odd) name (x)) S 1 4242 4242 0 -1 4194368 100 0 0 0 1234 56 0 0 20 0 30 0 1000";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void threadNamesOfTheJvmKafkaS3AndNd4jHaveTheirKinds() {
        assertThat(List.of("trainers-3", "C1 CompilerThre", "G1 Conc#0", "GC Thread#1", "kafka-producer-",
                "data-plane-kafk", "S3Proxy-Jetty-9", "artifact-store-", "JavaCPP_Dealloc", "DeallocatorServ", "vert.x-eventloo")
                .stream().map(ProcessCpu::kindOf).toList())
                .containsExactly(ProcessCpu.TRAINING, ProcessCpu.JIT, ProcessCpu.GC, ProcessCpu.GC, ProcessCpu.KAFKA,
                        ProcessCpu.KAFKA, ProcessCpu.STORAGE, ProcessCpu.STORAGE, ProcessCpu.NATIVE_MEMORY,
                        ProcessCpu.NATIVE_MEMORY, ProcessCpu.OTHER);
    }

    @Test
    void thePrintedTableAddsUpAndComparesTrainingThreadsWithUsefulTraining() {
        StudyFigures figures = new StudyFigures("r1", 2, 100, 99, Map.of(), Map.of(), Map.of(), new double[] {0, 0, 100},
                2, "none", 0, 120, 3, 0.6, Map.of(), 0, 0, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StudyBench.printCpu(Map.of("classifier-trainer", Map.of(ProcessCpu.TRAINING, 90.0, ProcessCpu.KAFKA, 2.0),
                "reducer-trainer", Map.of(ProcessCpu.TRAINING, 60.0, ProcessCpu.JIT, 8.0)), figures,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("160.0 of 200.0 CPU-s (80 %)")
                .containsPattern("all\\s+160\\.0\\s+150\\.0\\s+8\\.0\\s+0\\.0\\s+2\\.0")
                .contains("training threads: 150.0 CPU-s for 120.0 CPU-s of useful training (1.25x");
    }

    private static void thread(Path proc, int pid, int tid, String name, long utime, long stime) throws IOException {
        Path task = Files.createDirectories(proc.resolve(Integer.toString(pid)).resolve("task").resolve(Integer.toString(tid)));
        Files.writeString(task.resolve("comm"), name + "\n");
        Files.writeString(task.resolve("stat"), tid + " (" + name + ") S 1 " + pid + " " + pid + " 0 -1 4194368 100 0 0 0 "
                + utime + " " + stime + " 0 0 20 0 30 0 1000\n");
    }
}
