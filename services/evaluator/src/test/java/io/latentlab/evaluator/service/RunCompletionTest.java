package io.latentlab.evaluator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.evaluator.report.JobRow;
import io.latentlab.evaluator.report.Jobs;
import io.latentlab.evaluator.report.ReportBuilder;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.Progress;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitRef;
import io.latentlab.runtime.jobs.JobLedger;
import io.latentlab.runtime.jobs.JobMetrics;
import io.latentlab.runtime.jobs.JobRunner;
import io.latentlab.runtime.jobs.JobPulse;
import io.latentlab.runtime.jobs.RetryPolicy;
import io.latentlab.runtime.lifecycle.StageShutdown;
import io.latentlab.runtime.jobs.RunCancellations;
import io.latentlab.runtime.jobs.RunFailures;
import io.latentlab.runtime.jobs.TrainingSlots;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.latentlab.testsupport.S3StoreExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RunCompletion without Quarkus: a real S3 server (s3proxy) holds the run's rows and its report, the run events and
 * progress it sends are kept in lists.
 */
class RunCompletionTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final S3StoreExtension S3 = new S3StoreExtension("completion");

    private final List<RunEvent> runEvents = new CopyOnWriteArrayList<>();
    private final List<Progress> progress = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void allRowsAreFiledOnceEveryClassifierJobHasItsRow() throws Exception {
        RunCompletion completion = completion();
        assertThat(completion.allRowsFiled(runId, 1)).isFalse();

        fileRow(Jobs.job("pca", 16, "A1", null, 0, 0.9, 8, 10, 0.02));
        fileRow(Jobs.job("pca", 16, "A2", null, 0, 0.8, 7, 10, 0.02));

        assertThat(completion.allRowsFiled(runId, 2)).isTrue();
        assertThat(completion.allRowsFiled(runId, 3)).isFalse();
    }

    @Test
    void completingWritesTheReportOfTheFiledRowsAndAnnouncesItOnce() throws Exception {
        accept();
        fileRow(Jobs.job("pca", 16, "A1", null, 0, 0.9, 8, 10, 0.02));
        fileRow(Jobs.job("raw", 0, "A1", null, 0, 0.85, 9, 10, null));
        RunCompletion completion = completion();

        completion.complete(runId);
        completion.complete(runId); // a redelivered last result

        assertThat(runEvents).singleElement().satisfies(event -> {
            assertThat(event.getRunId()).isEqualTo(runId);
            assertThat(event.getCompleted().getReportJson().getSha256())
                    .isEqualTo(S3.store().stat(StoreKeys.runReport(runId, "report.json")).orElseThrow().getSha256());
        });
        JsonNode report = json.readTree(S3.store().getByKey(StoreKeys.runReport(runId, "report.json")));
        assertThat(report.path("runId").asText()).isEqualTo(runId);
        assertThat(report.path("rows")).extracting(row -> row.path("jobId").asText())
                .containsExactlyInAnyOrder("pca-k16-A1", "raw-A1");
        assertThat(report.path("rows")).filteredOn(row -> row.path("reducer").asText().equals("raw"))
                .singleElement().satisfies(row -> assertThat(row.path("testAccuracy").asDouble()).isEqualTo(0.9));
        assertThat(S3.store().exists(StoreKeys.runReport(runId, "report.md"))).isTrue();
        assertThat(S3.store().exists(StoreKeys.runReport(runId, "report.html"))).isTrue();
        assertThat(progress).anySatisfy(p -> assertThat(p.getKind()).isEqualTo(Progress.Kind.FINISHED));
    }

    @Test
    void theRequestsCorrectionJudgesTheComparisonsAndReportCsvHoldsReportJsonsRows() throws Exception {
        // the comparisons of VerdictTest's Holm-or-BH case: raw p = 0.03125, 0.03125, 1; BH-adjusted 0.046875,
        // 0.046875, 1 (Holm would give 0.09375, 0.09375, 1)
        accept("bh", 250);
        fileRow(Jobs.job("raw", 784, "A1", null, 0, 0.95, 230, 250, null));
        fileRow(Jobs.job("pca", 64, "A1", null, 0, 0.94, 224, 250, 0.02));
        fileRow(Jobs.job("ae1", 64, "A1", null, 0, 0.96, 230, 250, 0.01));

        completion().complete(runId);

        JsonNode report = json.readTree(S3.store().getByKey(StoreKeys.runReport(runId, "report.json")));
        assertThat(report.path("comparisons")).extracting(c -> c.path("correction").asText()).containsOnly("bh");
        assertThat(report.path("comparisons")).extracting(c -> c.path("pAdjusted").asDouble())
                .containsExactly(0.046875, 0.046875, 1.0);
        assertThat(report.path("comparisons")).extracting(c -> c.at("/result/pValue").asDouble())
                .containsExactly(0.03125, 0.03125, 1.0);
        assertThat(report.path("comparisons")).extracting(c -> c.at("/result/significant").asBoolean())
                .containsExactly(true, true, false);
        assertThat(report.path("verdict").get(report.path("verdict").size() - 1).asText())
                .contains("after the Benjamini\u2013Hochberg correction over the 3 comparisons");
        assertThat(new String(S3.store().getByKey(StoreKeys.runReport(runId, "report.md")), StandardCharsets.UTF_8))
                .contains("| p | p adjusted | at the 5 % level, adjusted |", "| 0.0313 | 0.0469 (bh) | different |");

        List<String> csv = List.of(new String(S3.store().getByKey(StoreKeys.runReport(runId, "report.csv")),
                StandardCharsets.UTF_8).split("\r\n"));
        assertThat(csv).hasSize(report.path("rows").size() + 1);
        for (int i = 0; i < report.path("rows").size(); i++) {
            JsonNode row = report.path("rows").get(i);
            assertThat(csv.get(i + 1)).startsWith(ReportBuilder.family(row.path("reducer").asText(), null) + ","
                    + row.path("reducer").asText() + ",," + row.path("k").asInt() + ",A1,1,")
                    .endsWith("," + row.path("jobId").asText());
        }
    }

    @Test
    void aRunWhoseAcceptanceIsMissingFailsNamingTheReportJobInsteadOfCompleting() throws Exception {
        fileRow(Jobs.job("pca", 16, "A1", null, 0, 0.9, 8, 10, 0.02));

        completion().complete(runId);

        assertThat(runEvents).singleElement().satisfies(event -> {
            assertThat(event.hasFailed()).isTrue();
            assertThat(event.getFailed().getJobId()).isEqualTo(RunCompletion.JOB_ID);
            assertThat(event.getFailed().getStage()).isEqualTo("evaluator");
            assertThat(event.getFailed().getReason()).contains(StoreKeys.runAccepted(runId));
        });
        assertThat(S3.store().exists(StoreKeys.runReport(runId, "report.json"))).isFalse();
    }

    private RunCompletion completion() {
        // never started: nothing is cancelled in these tests, so the follower need not reach a broker
        RunCancellations cancellations = new RunCancellations(Map.of(), "127.0.0.1:9");
        MutinyEmitter<RunEvent> events = recorder(runEvents);
        JobRunner jobs = new JobRunner(S3.store(), new JobLedger(S3.store()), new ProgressPublisher(recorder(progress), "evaluator"),
                cancellations, new RunFailures(events, S3.store(), "evaluator"), new RetryPolicy(1, S3.store()::successfulCalls),
                new JobMetrics(new SimpleMeterRegistry(), "evaluator"), new TrainingSlots(dir.resolve(runId), 1),
                new StageShutdown(20, 8), new JobPulse(900), Optional.of("test"), 30, 0);
        return new RunCompletion(S3.store(), json, jobs, new ProgressPublisher(recorder(progress), "evaluator"), events);
    }

    private void accept() {
        accept("", 10);
    }

    private void accept(String correction, int testImages) {
        RunRequest request = RunRequest.newBuilder().setRunId(runId).setProfile("test").addDigits(0).addDigits(1).setSeed(7)
                .setCorrection(correction).build();
        DatasetRef dataset = DatasetRef.newBuilder().setSha256("d").setTest(SplitRef.newBuilder().setRows(testImages)).build();
        S3.store().put(StoreKeys.runAccepted(runId), RunEvent.newBuilder().setRunId(runId).setTimestampMs(1)
                .setAccepted(RunAccepted.newBuilder().setRequest(request).setDataset(dataset).setClassifierJobs(2).setAttempt(1))
                .build().toByteArray());
    }

    private void fileRow(JobRow row) throws Exception {
        S3.store().put(StoreKeys.runRow(runId, row.jobId()), json.writeValueAsBytes(row));
    }

    /** An emitter whose sent payloads land in {@code sent} (RunCompletion and its JobRunner only send). */
    @SuppressWarnings("unchecked")
    private static <T> MutinyEmitter<T> recorder(List<T> sent) {
        return (MutinyEmitter<T>) Proxy.newProxyInstance(RunCompletionTest.class.getClassLoader(),
                new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("sendMessageAnd")) {
                        sent.add((T) ((Message<?>) args[0]).getPayload());
                        return null;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(sent, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
