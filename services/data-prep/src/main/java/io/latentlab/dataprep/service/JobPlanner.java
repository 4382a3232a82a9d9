package io.latentlab.dataprep.service;

import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;

import java.util.ArrayList;
import java.util.List;

/** One reducer job per reducer x k ("raw" is one job: the 784 pixels). */
public final class JobPlanner {

    public static final int PIXELS = 784;

    private JobPlanner() {
    }

    public static List<ReducerJob> reducerJobs(RunRequest request, DatasetRef dataset) {
        int classifierJobs = classifierJobCount(request);
        List<ReducerJob> jobs = new ArrayList<>();
        for (ReducerSpec reducer : request.getReducersList()) {
            for (int k : codeSizes(reducer)) {
                String jobId = reducer.getKind().equals("raw") ? "raw" : reducer.getKind() + "-k" + k;
                jobs.add(ReducerJob.newBuilder()
                        .setRunId(request.getRunId())
                        .setJobId(jobId)
                        .setKind(reducer.getKind())
                        .setK(k)
                        .setRequest(request)
                        .setDataset(dataset)
                        .setClassifierJobs(classifierJobs)
                        .build());
            }
        }
        return jobs;
    }

    public static int classifierJobCount(RunRequest request) {
        int reducerJobs = request.getReducersList().stream().mapToInt(r -> codeSizes(r).size()).sum();
        return reducerJobs * request.getArchitecturesCount();
    }

    private static List<Integer> codeSizes(ReducerSpec reducer) {
        return reducer.getKind().equals("raw") ? List.of(PIXELS) : reducer.getKList();
    }
}
