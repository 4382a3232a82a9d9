package io.latentlab.launcher;

import io.latentlab.kit.Topics;
import io.latentlab.kit.replay.TopicReplay;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Follows one run on the run-events and progress topics (from their beginning, without a consumer
 * group) until it completes, is rejected or fails; on completion copies the report out of the store.
 */
public final class RunWatcher {

    private final LauncherConfig config;
    private final ArtifactStore store;
    private final ProgressView view;
    private int awaitedAttempt;

    public RunWatcher(LauncherConfig config, ArtifactStore store, java.io.PrintStream out, boolean interactive) {
        this.config = config;
        this.store = store;
        this.view = new ProgressView(out, interactive);
    }

    public RunOutcome watch(String runId, Duration timeout) {
        return watch(runId, timeout, 0);
    }

    /**
     * @param attempt the attempt to follow (a retry's): until its acceptance is seen, the end of an earlier
     *                attempt on the replayed topics is history, not this attempt's outcome; 0 = any
     */
    public RunOutcome watch(String runId, Duration timeout, int attempt) {
        this.awaitedAttempt = attempt;
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = TopicReplay.consumer(config.bootstrapServers())) {
            if (TopicReplay.assignFromBeginning(consumer, Duration.ofSeconds(30), Topics.RUN_EVENTS, Topics.PROGRESS).isEmpty()) {
                throw new IllegalStateException("no topic " + Topics.RUN_EVENTS + " on " + config.bootstrapServers());
            }
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    RunOutcome outcome = handle(runId, record);
                    if (outcome != null) {
                        return outcome;
                    }
                }
                view.render();
            }
        }
        view.println("timed out after " + timeout + " waiting for run " + runId);
        return new RunOutcome(runId, RunOutcome.Status.TIMED_OUT, List.of("timed out after " + timeout), null);
    }

    private RunOutcome handle(String runId, ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(Topics.PROGRESS)) {
                Progress progress = Progress.parseFrom(record.value());
                if (!progress.getRunId().equals(runId)) {
                    return null;
                }
                view.progress(progress);
                return null; // a failed job fails the run with a run event of its own
            }
            RunEvent event = RunEvent.parseFrom(record.value());
            if (!event.getRunId().equals(runId)) {
                return null;
            }
            if (event.hasAccepted() && event.getAccepted().getAttempt() >= awaitedAttempt) {
                awaitedAttempt = 0;
            }
            if (awaitedAttempt > 0 && !event.hasRejected()) {
                return null; // an earlier attempt's story
            }
            return switch (event.getKindCase()) {
                case ACCEPTED -> {
                    view.accepted(event.getAccepted());
                    yield null;
                }
                case REJECTED -> {
                    view.println("rejected: " + String.join("; ", event.getRejected().getReasonsList()));
                    yield new RunOutcome(runId, RunOutcome.Status.REJECTED, event.getRejected().getReasonsList(), null);
                }
                case FAILED -> {
                    view.println("failed: " + describe(event.getFailed()) + " (retry: ./latentlab retry " + runId + ")");
                    yield new RunOutcome(runId, RunOutcome.Status.FAILED, List.of(describe(event.getFailed())), null);
                }
                case COMPLETED -> completed(runId, event);
                case STALLED -> {
                    view.println("stalled: " + event.getStalled().getReason());
                    yield null; // not over: it may make progress again, or be retried or cancelled
                }
                case STALL_ENDED -> {
                    view.println("progressing again after a stall");
                    yield null;
                }
                case CANCELLED -> {
                    view.println("cancelled: " + event.getCancelled().getReason());
                    yield new RunOutcome(runId, RunOutcome.Status.CANCELLED, List.of(event.getCancelled().getReason()), null);
                }
                default -> null;
            };
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return null; // not ours to judge: the stages dead-letter malformed messages
        }
    }

    /** "job ae3-k64 (reducer-trainer): reason", or the bare reason when the run failed outside a job. */
    static String describe(io.latentlab.proto.RunFailed failed) {
        return failed.getJobId().isEmpty() ? failed.getReason()
                : "job " + failed.getJobId() + " (" + failed.getStage() + "): " + failed.getReason();
    }

    private RunOutcome completed(String runId, RunEvent event) {
        Path dir = config.runsDir().resolve(runId);
        save(dir.resolve("report.json"), event.getCompleted().getReportJson());
        save(dir.resolve("report.md"), event.getCompleted().getReportMd());
        save(dir.resolve("report.html"), event.getCompleted().getReportHtml());
        // report.csv sits beside report.json in the store; the completed event does not name it (reports written
        // before it existed have none)
        store.find(StoreKeys.runReport(runId, "report.csv")).ifPresent(csv -> write(dir.resolve("report.csv"), csv));
        view.println("completed: report in " + dir + " (open report.html in a browser)");
        return new RunOutcome(runId, RunOutcome.Status.COMPLETED, List.of(), dir);
    }

    private void save(Path path, ArtifactRef ref) {
        write(path, store.get(ref));
    }

    private static void write(Path path, byte[] data) {
        try {
            Files.createDirectories(path.getParent());
            Files.write(path, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
