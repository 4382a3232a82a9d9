package io.latentlab.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code ./latentlab bench study}: the figures of a finished study run (by default one the command has
 * just run from scratch, job reuse off), printed and written to runs/&lt;runId&gt;/bench.json. The last
 * line is {@code study bench: wall <s> s, efficiency <e>, mean concurrency <c>, cores <n>}.
 */
public final class StudyBench {

    private StudyBench() {
    }

    /**
     * @param cpu CPU seconds of the local processes from the request to the report, by process and kind of
     *            thread ({@link ProcessCpu#between}); empty when the run was not watched on this machine
     */
    public static StudyFigures measure(String bootstrapServers, ArtifactStore store, String runId, Path runsDir,
                                       Map<String, Map<String, Double>> cpu, PrintStream out) {
        RunRequest request = acceptedRequest(store, runId);
        RunHistory history = RunHistory.read(bootstrapServers, runId);
        StudyJobs jobs = new StudyJobs(request);
        Set<String> shapes = history.jobs().stream().filter(JobSpan::trainsNetwork).map(jobs::shapeOf)
                .flatMap(java.util.Optional::stream).collect(Collectors.toCollection(TreeSet::new));
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("calibrating %d networks alone on one core, then with all %d cores training (%d train / %d val rows) ...%n",
                shapes.size(), cores, jobs.trainRows(), jobs.valRows());
        Calibration calibration = EpochCosts.measure(shapes, jobs.trainRows(), jobs.valRows(), cores - 1, out);
        StudyFigures figures = StudyFigures.of(history, jobs, calibration.alone(), cores);
        Optional<MachineCeiling> ceiling = MachineCeiling.of(history, jobs, calibration, figures);
        write(figures, calibration, ceiling, cpu, runsDir.resolve(runId).resolve("bench.json"), out);
        print(figures, out);
        ceiling.ifPresent(c -> printCeiling(c, out));
        if (!cpu.isEmpty()) {
            printCpu(cpu, figures, out);
        }
        out.printf(Locale.ROOT, "study bench: wall %.1f s, efficiency %.2f, mean concurrency %.2f, cores %d%n",
                figures.wallSeconds(), figures.efficiency(), figures.meanConcurrency(), figures.cores());
        return figures;
    }

    static RunRequest acceptedRequest(ArtifactStore store, String runId) {
        String key = StoreKeys.runAccepted(runId);
        return store.find(key).map(bytes -> EventCodec.decode(bytes, RunEvent.parser(), key).getAccepted().getRequest())
                .orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "': it was never accepted"));
    }

    static void print(StudyFigures f, PrintStream out) {
        out.printf(Locale.ROOT, "run %s: wall %.1f s (request to report), accepted -> report %.1f s%n", f.runId(),
                f.wallSeconds(), f.acceptedToReportSeconds());
        out.println("job time per stage:");
        f.secondsPerStage().forEach((stage, s) -> out.printf(Locale.ROOT, "  %-20s %8.1f s in %d jobs%n", stage, s,
                f.jobsPerStage().get(stage)));
        out.println("job time per reducer family (its reducer and classifier jobs):");
        f.secondsPerFamily().forEach((family, s) -> out.printf(Locale.ROOT, "  %-20s %8.1f s%n", family, s));
        out.println("time at each level of concurrency (trainings and noise copies at once):");
        double[] levels = f.concurrency();
        for (int i = 0; i < levels.length; i++) {
            out.printf(Locale.ROOT, "  %d at once: %8.1f s (%4.1f %%)%n", i, levels[i], 100 * levels[i] / f.wallSeconds());
        }
        out.printf(Locale.ROOT, "longest reducer -> classifier chain: %s (%.1f s)%n", f.longestChain(), f.longestChainSeconds());
        out.printf(Locale.ROOT, "useful training: %d trainings, sum of epochs x per-epoch cost alone on one core = %.1f CPU-s%n",
                f.trainings(), f.usefulSeconds());
        out.println("predicted makespan on a cluster (this run's job times through the pipeline's scheduling rule):");
        f.makespans().forEach((slots, s) -> out.printf(Locale.ROOT, "  %2d training slots: %8.1f s%n", slots, s));
        out.printf(Locale.ROOT, "  no number of slots beats the longest dependent chain: %.1f s%n", f.simulatedChainSeconds());
        out.printf(Locale.ROOT, "what the order buys on %d slots: longest chain first %.1f s, plan order without priorities %.1f s%n",
                f.cores(), f.prioritizedMakespan(), f.planOrderMakespan());
    }

    /** The efficiency a perfect schedule would reach on this machine, and the run's against it. */
    static void printCeiling(MachineCeiling c, PrintStream out) {
        out.printf(Locale.ROOT, "this machine's ceiling: with %d trainings at once the run's epochs cost %.1f CPU-s, alone %.1f:"
                + " no schedule beats efficiency %.2f here%n", c.trainingsAtOnce(), c.usefulAlongside(), c.usefulAlone(), c.ceiling());
        out.printf(Locale.ROOT, "efficiency against that ceiling: %.2f (epochs at the all-cores cost / (wall x cores):"
                + " what the pipeline itself loses)%n", c.efficiencyAgainstCeiling());
    }

    /** Where the CPU went: every local process by kind of thread, and the training threads against useful training. */
    static void printCpu(Map<String, Map<String, Double>> cpu, StudyFigures f, PrintStream out) {
        Map<String, Double> all = new TreeMap<>();
        cpu.values().forEach(kinds -> kinds.forEach((kind, s) -> all.merge(kind, s, Double::sum)));
        double total = all.values().stream().mapToDouble(Double::doubleValue).sum();
        double available = f.wallSeconds() * f.cores();
        out.printf(Locale.ROOT, "CPU of the local processes from the request to the report: %.1f of %.1f CPU-s (%.0f %%)%n",
                total, available, 100 * total / available);
        out.printf(Locale.ROOT, "  %-20s %8s", "process", "total");
        ProcessCpu.KINDS.forEach(kind -> out.printf(Locale.ROOT, " %9s", kind.replace(' ', '-')));
        out.println();
        cpu.forEach((process, kinds) -> printCpuRow(process, kinds, out));
        printCpuRow("all", all, out);
        double training = all.getOrDefault(ProcessCpu.TRAINING, 0.0);
        out.printf(Locale.ROOT, "training threads: %.1f CPU-s for %.1f CPU-s of useful training (%.2fx: their jobs' loading"
                + " and storing, and trainings sharing the machine)%n", training, f.usefulSeconds(),
                training / Math.max(1e-9, f.usefulSeconds()));
    }

    private static void printCpuRow(String process, Map<String, Double> kinds, PrintStream out) {
        out.printf(Locale.ROOT, "  %-20s %8.1f", process, kinds.values().stream().mapToDouble(Double::doubleValue).sum());
        ProcessCpu.KINDS.forEach(kind -> out.printf(Locale.ROOT, " %9.1f", kinds.getOrDefault(kind, 0.0)));
        out.println();
    }

    private static void write(StudyFigures figures, Calibration calibration, Optional<MachineCeiling> ceiling,
                              Map<String, Map<String, Double>> cpu, Path file, PrintStream out) {
        Map<String, Object> bench = new LinkedHashMap<>();
        bench.put("figures", figures);
        bench.put("secondsPerEpochAloneOnOneCore", calibration.alone());
        bench.put("secondsPerEpochWithAllCoresTraining", calibration.alongside());
        ceiling.ifPresent(c -> bench.put("machineCeiling", c));
        bench.put("cpuSecondsByProcessAndThreadKind", cpu);
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), bench);
            out.println("written to " + file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
