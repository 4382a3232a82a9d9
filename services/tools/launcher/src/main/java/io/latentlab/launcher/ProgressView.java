package io.latentlab.launcher;

import io.latentlab.kit.Stages;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Terminal progress of one run: a bar per stage, the running jobs' epochs, a line per finished job. */
final class ProgressView {

    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean interactive;
    private final Map<String, Set<String>> doneByStage = new LinkedHashMap<>();
    private final Map<String, Progress> running = new LinkedHashMap<>();
    private int reducerJobs;
    private int classifierJobs;
    private String lastStatus = "";

    ProgressView(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        for (String stage : Stages.IN_ORDER) {
            doneByStage.put(stage, new HashSet<>());
        }
    }

    void accepted(RunAccepted accepted) {
        reducerJobs = accepted.getReducerJobs();
        classifierJobs = accepted.getClassifierJobs();
        String seeds = accepted.getSeedsCount() > 1 ? " over " + accepted.getSeedsCount() + " seeds "
                + accepted.getSeedsList().stream().map(seed -> Long.toString(seed.getSeed())).toList() : "";
        println("accepted: %d train / %d val / %d test images, %d reducer jobs, %d classifier jobs%s".formatted(
                accepted.getDataset().getTrain().getRows(), accepted.getDataset().getVal().getRows(),
                accepted.getDataset().getTest().getRows(), reducerJobs, classifierJobs, seeds));
    }

    void progress(Progress p) {
        switch (p.getKind()) {
            case STARTED, EPOCH -> running.put(p.getJobId(), p);
            case FINISHED, SKIPPED -> {
                running.remove(p.getJobId());
                if (doneByStage.computeIfAbsent(p.getStage(), s -> new HashSet<>()).add(p.getJobId())
                        && !p.getStage().equals("evaluator")) {
                    println("%-18s %-22s %s%s".formatted(p.getStage(), p.getJobId(),
                            p.getKind() == Progress.Kind.SKIPPED ? "(cached) " : "", p.getMessage()));
                }
            }
            case FAILED -> {
                running.remove(p.getJobId());
                println("FAILED %s %s: %s".formatted(p.getStage(), p.getJobId(), p.getMessage()));
            }
            default -> {
            }
        }
    }

    /** Redraws the status line (interactive terminals only; logs get the per-job lines). */
    void render() {
        if (!interactive) {
            return;
        }
        StringBuilder line = new StringBuilder();
        line.append(bar("reduce", doneByStage.get("reducer-trainer").size(), reducerJobs));
        line.append(bar(" classify", doneByStage.get("classifier-trainer").size(), classifierJobs));
        line.append(bar(" evaluate", doneByStage.get("evaluator").size(), classifierJobs));
        running.values().stream().filter(p -> p.getKind() == Progress.Kind.EPOCH).limit(2).forEach(p ->
                line.append(String.format(Locale.ROOT, "  %s %d/%d loss %.3f", p.getJobId(), p.getEpoch(),
                        p.getMaxEpochs(), p.getValLoss())));
        String status = line.toString();
        if (!status.equals(lastStatus)) {
            out.print("\r\033[K" + status);
            out.flush();
            lastStatus = status;
        }
    }

    void println(String message) {
        if (interactive && !lastStatus.isEmpty()) {
            out.print("\r\033[K");
            lastStatus = "";
        }
        out.println(message);
    }

    private static String bar(String label, int done, int total) {
        int filled = total == 0 ? 0 : Math.min(BAR, done * BAR / total);
        return "%s [%s%s] %d/%d".formatted(label, "#".repeat(filled), ".".repeat(BAR - filled), done, total);
    }
}
