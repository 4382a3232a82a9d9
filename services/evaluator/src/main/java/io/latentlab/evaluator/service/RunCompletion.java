package io.latentlab.evaluator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.evaluator.report.HtmlReport;
import io.latentlab.evaluator.report.MarkdownReport;
import io.latentlab.evaluator.report.PictureRef;
import io.latentlab.evaluator.report.Report;
import io.latentlab.evaluator.report.ReportBuilder;
import io.latentlab.evaluator.report.ReportRow;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.image.Pictures;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.runtime.jobs.JobRunner;
import io.latentlab.runtime.jobs.JobSpec;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.KeyedSender;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When every classifier row of a run is filed, writes report.json, report.md and report.html and
 * announces the run's end. Writing the report is a job of its own ({@link JobRunner}): its lease lets
 * one evaluator write it while another waits, its stored result (the {@link RunCompleted} naming the
 * stored files' hashes) makes a redelivery announce the same report instead of writing a new one, and
 * a failure fails the run instead of dead-lettering the last result.
 */
@ApplicationScoped
public class RunCompletion {

    static final String JOB_ID = "report";
    private static final Logger LOG = Logger.getLogger(RunCompletion.class);

    private final ArtifactStore store;
    private final ObjectMapper json;
    private final MutinyEmitter<RunEvent> runEvents;
    private final JobRunner jobs;
    private final ProgressReporter progress;
    private final Clock clock = Clock.systemUTC();

    public RunCompletion(ArtifactStore store, ObjectMapper json, JobRunner jobs, ProgressPublisher progress,
                         @Channel(Channels.RUN_EVENTS) MutinyEmitter<RunEvent> runEvents) {
        this.store = store;
        this.json = json;
        this.jobs = jobs;
        this.progress = progress.reporter();
        this.runEvents = runEvents;
    }

    /** True once every classifier row of the run is filed. */
    public boolean allRowsFiled(String runId, int expectedRows) {
        return rowKeys(runId).size() >= expectedRows;
    }

    /** Writes (or finds) the run's report and announces the run's end. */
    public void complete(String runId) {
        String prefix = reportJobPrefix(runId);
        jobs.runOnce(new JobSpec<>(runId, JOB_ID, prefix, RunCompleted.parser(), done -> runId, done -> done),
                        listener -> writeReport(runId))
                .ifPresent(completed -> announce(runId, completed, prefix + "announced"));
    }

    /** One completed event per report; a duplicate (a redelivery, two evaluators at once) names the same stored hashes. */
    private void announce(String runId, RunCompleted completed, String announcedKey) {
        if (store.exists(announcedKey)) {
            return;
        }
        KeyedSender.sendAndAwait(runEvents, runId, RunEvent.newBuilder()
                .setRunId(runId).setTimestampMs(clock.millis()).setCompleted(completed).build());
        store.put(announcedKey, completed.getReportJson().getSha256().getBytes(StandardCharsets.UTF_8));
    }

    static String reportJobPrefix(String runId) {
        return StoreKeys.run(runId) + "report-job/";
    }

    private List<String> rowKeys(String runId) {
        return store.list(StoreKeys.run(runId) + "rows/");
    }

    private RunCompleted writeReport(String runId) {
        progress.started(runId, JOB_ID, "writing the report");
        List<String> rowKeys = rowKeys(runId);
        String acceptedKey = StoreKeys.runAccepted(runId);
        RunEvent acceptedEvent = EventCodec.decode(store.getByKey(acceptedKey), RunEvent.parser(), acceptedKey);
        RunAccepted accepted = acceptedEvent.getAccepted();
        List<ReportRow> rows = new ArrayList<>();
        for (String key : rowKeys) {
            rows.add(read(store.getByKey(key)));
        }
        DatasetRef dataset = accepted.getDataset();
        List<ReportRow> overall = ReportBuilder.bestPerFamily(rows);
        List<String> classes = accepted.getRequest().getDigitsList().stream().map(String::valueOf).toList();
        List<PictureRef> pictures = new ArrayList<>(ReportBuilder.distinctPictures(rows));
        for (ReportRow best : overall) {
            String name = "confusion-" + ReportBuilder.family(best);
            byte[] png = Pictures.confusionMatrix(best.confusionTest(), classes,
                    "Test confusion, best " + ReportBuilder.family(best) + " (k=" + best.k() + ", " + best.arch() + ")");
            ArtifactRef ref = store.put(StoreKeys.run(runId) + "pictures/" + name + ".png", png);
            pictures.add(new PictureRef(name, "Test confusion matrix of the best " + ReportBuilder.family(best)
                    + " configuration (rows: true digit, columns: predicted)", ref.getKey(), ref.getSha256()));
        }
        Report report = new Report(
                runId,
                accepted.getRequest().getProfile(),
                requestJson(accepted),
                new Report.DatasetSummary(dataset.getSha256(), dataset.getTrain().getRows(),
                        dataset.getVal().getRows(), dataset.getTest().getRows()),
                ReportBuilder.ordered(rows),
                overall,
                pictures,
                accepted.getCodeVersion(),
                Instant.ofEpochMilli(acceptedEvent.getTimestampMs()).toString(),
                Instant.now(clock).toString());
        try {
            // report.json last: its existence means the report is complete
            ArtifactRef md = store.put(StoreKeys.runReport(runId, "report.md"),
                    MarkdownReport.render(report).getBytes(StandardCharsets.UTF_8));
            ArtifactRef html = store.put(StoreKeys.runReport(runId, "report.html"),
                    HtmlReport.render(report, key -> store.getByKey(key)).getBytes(StandardCharsets.UTF_8));
            ArtifactRef reportJson = store.put(StoreKeys.runReport(runId, "report.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            LOG.infof("run %s complete: %d rows", runId, rows.size());
            progress.finished(runId, JOB_ID, rows.size() + " rows");
            return RunCompleted.newBuilder().setReportJson(reportJson).setReportMd(md).setReportHtml(html).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode requestJson(RunAccepted accepted) {
        try {
            return json.readTree(RunRequestCodec.toJson(accepted.getRequest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ReportRow read(byte[] bytes) {
        try {
            return json.readValue(bytes, ReportRow.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
