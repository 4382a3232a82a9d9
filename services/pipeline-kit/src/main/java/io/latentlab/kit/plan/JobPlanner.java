package io.latentlab.kit.plan;

import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.Picture;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * The jobs of a run: one reducer job per reducer x k ("raw" is one job: the 784 pixels; "dae" one
 * per noise factor x k), one classifier job per reducer job x architecture. data-prep plans the jobs on
 * the clean dataset, noise-injector those on the noisy copies; both count the same way.
 */
public final class JobPlanner {

    public static final int PIXELS = 784;
    public static final String DENOISING = "dae";

    private JobPlanner() {
    }

    /** Jobs that need only the clean dataset (every kind but "dae"). */
    public static List<ReducerJob> cleanReducerJobs(RunRequest request, DatasetRef dataset) {
        List<ReducerJob> jobs = new ArrayList<>();
        for (ReducerSpec reducer : request.getReducersList()) {
            if (reducer.getKind().equals(DENOISING)) {
                continue;
            }
            for (int k : codeSizes(reducer)) {
                String jobId = reducer.getKind().equals("raw") ? "raw" : reducer.getKind() + "-k" + k;
                jobs.add(job(request, dataset, reducer.getKind(), k, jobId).build());
            }
        }
        return jobs;
    }

    /** The denoising jobs on one noisy copy of the dataset. */
    public static List<ReducerJob> denoisingJobs(RunRequest request, DatasetRef clean, double noiseFactor,
                                                 DatasetRef noisy, List<Picture> pictures) {
        List<ReducerJob> jobs = new ArrayList<>();
        for (ReducerSpec reducer : request.getReducersList()) {
            if (!reducer.getKind().equals(DENOISING)) {
                continue;
            }
            for (int k : reducer.getKList()) {
                jobs.add(job(request, clean, DENOISING, k, noiseTag(noiseFactor) + "-k" + k)
                        .setNoiseFactor(noiseFactor).setNoisy(noisy).addAllPictures(pictures).build());
            }
        }
        return jobs;
    }

    /** "dae20" for a noise factor of 0.2. */
    public static String noiseTag(double noiseFactor) {
        return DENOISING + Math.round(noiseFactor * 100);
    }

    public static int reducerJobCount(RunRequest request) {
        return request.getReducersList().stream().mapToInt(r -> codeSizes(r).size()
                * (r.getKind().equals(DENOISING) ? request.getNoiseFactorsCount() : 1)).sum();
    }

    public static int classifierJobCount(RunRequest request) {
        return reducerJobCount(request) * request.getArchitecturesCount();
    }

    private static ReducerJob.Builder job(RunRequest request, DatasetRef dataset, String kind, int k, String jobId) {
        return ReducerJob.newBuilder()
                .setRunId(request.getRunId())
                .setJobId(jobId)
                .setKind(kind)
                .setK(k)
                .setRequest(request)
                .setDataset(dataset)
                .setClassifierJobs(classifierJobCount(request));
    }

    private static List<Integer> codeSizes(ReducerSpec reducer) {
        return reducer.getKind().equals("raw") ? List.of(PIXELS) : reducer.getKList();
    }
}
