package io.latentlab.evaluator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.chart.Chart;
import io.latentlab.evaluator.chart.RunTimeline;
import io.latentlab.evaluator.chart.StudyCharts;
import io.latentlab.evaluator.report.Comparison;
import io.latentlab.evaluator.report.Configurations;
import io.latentlab.evaluator.report.HtmlReport;
import io.latentlab.evaluator.report.JobRow;
import io.latentlab.evaluator.report.RunRecords;
import io.latentlab.evaluator.report.StudyComparisons;
import io.latentlab.evaluator.report.Verdict;
import io.latentlab.kit.plan.Correction;
import io.latentlab.kit.plan.RepeatSeeds;
import io.latentlab.proto.SeedPlan;
import io.latentlab.evaluator.report.MarkdownReport;
import io.latentlab.evaluator.report.PictureRef;
import io.latentlab.evaluator.report.Report;
import io.latentlab.evaluator.report.ReportBuilder;
import io.latentlab.evaluator.report.ReportCsv;
import io.latentlab.evaluator.report.ReportRow;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.codec.RunRequestCodec;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.image.Pictures;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.DatasetInfo;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * When every classifier row of a run is filed, writes report.json, report.md, report.html and report.csv and
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
        List<JobRow> jobs = new ArrayList<>();
        for (String key : rowKeys) {
            jobs.add(read(store.getByKey(key)));
        }
        List<ReportRow> rows = Configurations.aggregate(jobs);
        DatasetRef dataset = accepted.getDataset();
        List<ReportRow> overall = ReportBuilder.bestPerFamily(rows);
        Map<String, JobRow> jobsById = jobs.stream().collect(Collectors.toMap(JobRow::jobId, Function.identity(), (a, b) -> a));
        List<Long> seeds = accepted.getSeedsCount() > 0
                ? accepted.getSeedsList().stream().map(SeedPlan::getSeed).toList() : RepeatSeeds.of(accepted.getRequest());
        DatasetInfo source = RunDataset.of(accepted);
        List<String> classes = source.getClassNamesList();
        List<Comparison> comparisons = new DiscordantSheets(store, runId, dataset.getTest(), classes, seeds.size() > 1)
                .attach(StudyComparisons.of(rows, jobsById, Correction.of(accepted.getRequest())), jobsById);
        List<String> verdict = Verdict.of(seeds, dataset.getTest().getRows(), rows, comparisons);
        List<PictureRef> pictures = new ArrayList<>(ReportBuilder.distinctPictures(rows));
        for (ReportRow best : overall) {
            String name = "confusion-" + ReportBuilder.family(best);
            String over = best.n() > 1 ? ", summed over " + best.n() + " seeds" : "";
            byte[] png = Pictures.confusionMatrix(best.confusionTest(), classes,
                    "Test confusion, best " + ReportBuilder.family(best) + " (k=" + best.k() + ", " + best.arch() + ")");
            ArtifactRef ref = store.put(StoreKeys.run(runId) + "pictures/" + name + ".png", png);
            pictures.add(new PictureRef(name, "Test confusion matrix of the best " + ReportBuilder.family(best)
                    + " configuration (rows: true class, columns: predicted" + over + ")", ref.getKey(), ref.getSha256()));
        }
        List<Report.ChartRef> charts = new ArrayList<>();
        Map<String, String> chartSvgs = new LinkedHashMap<>();
        List<Chart> studyCharts = new ArrayList<>(StudyCharts.of(rows));
        RunTimeline.of(jobs, acceptedEvent.getTimestampMs()).ifPresent(studyCharts::add);
        for (Chart chart : studyCharts) {
            ArtifactRef ref = store.put(StoreKeys.run(runId) + "charts/" + chart.name() + ".svg",
                    chart.svg().getBytes(StandardCharsets.UTF_8));
            charts.add(new Report.ChartRef(chart.name(), chart.caption(), ref.getKey(), ref.getSha256()));
            chartSvgs.put(chart.name(), chart.svg());
        }
        Report report = new Report(
                runId,
                accepted.getRequest().getProfile(),
                verdict,
                requestJson(accepted),
                new Report.DatasetSummary(source.getName(), classes, dataset.getSha256(), source.getSha256(),
                        dataset.getTrain().getRows(), dataset.getVal().getRows(), dataset.getTest().getRows()),
                new Report.Repeats(seeds.size(), seeds, accepted.getRequest().getResplitPerSeed(),
                        accepted.getRequest().getResplitPerSeed()
                                ? "initialisation, shuffle order, noise draws and the train/val/test split"
                                : "initialisation, shuffle order and noise draws (every repeat uses the split of the run's seed)"),
                rows,
                overall,
                comparisons,
                charts,
                pictures,
                RunRecords.predictions(jobs),
                RunRecords.provenance(accepted.getCodeVersion(), jobs),
                accepted.getCodeVersion(),
                Instant.ofEpochMilli(acceptedEvent.getTimestampMs()).toString(),
                Instant.now(clock).toString());
        try {
            // report.json last: its existence means the report is complete
            ArtifactRef md = store.put(StoreKeys.runReport(runId, "report.md"),
                    MarkdownReport.render(report).getBytes(StandardCharsets.UTF_8));
            store.put(StoreKeys.runReport(runId, "report.csv"), ReportCsv.render(rows).getBytes(StandardCharsets.UTF_8));
            ArtifactRef html = store.put(StoreKeys.runReport(runId, "report.html"),
                    HtmlReport.render(report, key -> store.getByKey(key), chartSvgs).getBytes(StandardCharsets.UTF_8));
            ArtifactRef reportJson = store.put(StoreKeys.runReport(runId, "report.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            LOG.infof("run %s complete: %d rows over %d seeds; verdict: %s", runId, rows.size(), seeds.size(),
                    String.join(" ", verdict));
            progress.finished(runId, JOB_ID, rows.size() + " rows" + (seeds.size() > 1 ? " over " + seeds.size() + " seeds" : ""));
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

    private JobRow read(byte[] bytes) {
        try {
            return json.readValue(bytes, JobRow.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
