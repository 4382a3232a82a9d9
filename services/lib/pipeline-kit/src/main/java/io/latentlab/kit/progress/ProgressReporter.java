package io.latentlab.kit.progress;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

import io.latentlab.proto.Progress;

/**
 * Builds {@link Progress} messages for one stage and hands them to a sink (a Kafka emitter, a metrics
 * recorder...). Progress is best effort: a failing sink is logged and never fails the job.
 */
public final class ProgressReporter {

    private static final System.Logger LOG = System.getLogger(ProgressReporter.class.getName());

    private final String stage;
    private final Consumer<Progress> sink;
    private final Clock clock;

    public ProgressReporter(String stage, Consumer<Progress> sink, Clock clock) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void started(String runId, String jobId, String message) {
        send(base(runId, jobId, Progress.Kind.STARTED).setMessage(orEmpty(message)));
    }

    public void epoch(String runId, String jobId, int epoch, int maxEpochs, double loss, double valLoss) {
        send(base(runId, jobId, Progress.Kind.EPOCH)
                .setEpoch(epoch)
                .setMaxEpochs(maxEpochs)
                .setLoss(loss)
                .setValLoss(valLoss));
    }

    public void finished(String runId, String jobId, String message) {
        send(base(runId, jobId, Progress.Kind.FINISHED).setMessage(orEmpty(message)));
    }

    public void failed(String runId, String jobId, String error) {
        send(base(runId, jobId, Progress.Kind.FAILED).setMessage(orEmpty(error)));
    }

    public void skipped(String runId, String jobId, String message) {
        send(base(runId, jobId, Progress.Kind.SKIPPED).setMessage(orEmpty(message)));
    }

    /** Skipped because the outputs exist; {@code trainedBy} is the run that trained them. */
    public void skipped(String runId, String jobId, String message, String trainedBy) {
        send(base(runId, jobId, Progress.Kind.SKIPPED).setMessage(orEmpty(message)).setTrainedByRun(orEmpty(trainedBy)));
    }

    /** A redelivered training continues after checkpointed epoch {@code epoch}. */
    public void resumed(String runId, String jobId, int epoch) {
        send(base(runId, jobId, Progress.Kind.RESUMED).setEpoch(epoch).setMessage("resumed at epoch " + epoch));
    }

    private Progress.Builder base(String runId, String jobId, Progress.Kind kind) {
        return Progress.newBuilder()
                .setRunId(orEmpty(runId))
                .setJobId(orEmpty(jobId))
                .setStage(stage)
                .setKind(kind)
                .setTimestampMs(clock.millis());
    }

    private void send(Progress.Builder progress) {
        Progress message = progress.build();
        try {
            sink.accept(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "dropped " + message.getKind() + " progress of " + stage + " job "
                    + message.getRunId() + "/" + message.getJobId(), e);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
