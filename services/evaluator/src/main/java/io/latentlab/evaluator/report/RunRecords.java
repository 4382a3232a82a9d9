package io.latentlab.evaluator.report;

import io.latentlab.runtime.provenance.BuildInfo;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's records of where its numbers come from: every job's stored outputs and the machines that trained them. */
public final class RunRecords {

    private RunRecords() {
    }

    /** Every classifier job's model and prediction files, by configuration then repeat. */
    public static List<Report.Predictions> predictions(List<JobRow> jobs) {
        return jobs.stream()
                .sorted(Comparator.comparing(JobRow::configuration).thenComparingInt(JobRow::repeat))
                .map(job -> new Report.Predictions(job.jobId(), job.repeat(), job.seed(),
                        job.artifacts() == null ? null : job.artifacts().model(),
                        job.artifacts() == null ? null : job.artifacts().valPredictions(),
                        job.artifacts() == null ? null : job.artifacts().testPredictions(),
                        job.artifacts() == null ? null : job.artifacts().testProbabilities(),
                        job.artifacts() == null ? null : job.artifacts().reducerModel()))
                .toList();
    }

    /** Every distinct training environment with its trainings: one per classifier job, one per reducer job. */
    public static Report.Provenance provenance(String codeVersion, List<JobRow> jobs) {
        Map<JobRow.EnvironmentInfo, Integer> trainings = new LinkedHashMap<>();
        Map<String, JobRow.EnvironmentInfo> reducerJobs = new LinkedHashMap<>();
        for (JobRow job : jobs) {
            if (job.classifierEnvironment() != null) {
                trainings.merge(job.classifierEnvironment(), 1, Integer::sum);
            }
            String reducerJob = job.jobId().substring(0, Math.max(0, job.jobId().length() - job.arch().length() - 1));
            if (job.reducerEnvironment() != null) {
                reducerJobs.putIfAbsent(reducerJob, job.reducerEnvironment());
            }
        }
        reducerJobs.values().forEach(environment -> trainings.merge(environment, 1, Integer::sum));
        List<Report.Environment> environments = trainings.entrySet().stream()
                .map(e -> new Report.Environment(e.getKey(), e.getValue())).toList();
        return new Report.Provenance(codeVersion, BuildInfo.current().codeVersion(), BuildInfo.current().fullCommit(),
                environments);
    }
}
