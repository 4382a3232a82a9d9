package io.latentlab.kit.plan;

import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.Picture;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SeedPlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The jobs of a run: one reducer job per reducer x k ("raw" is one job: the 784 pixels; "dae" one
 * per noise factor x k), one classifier job per reducer job x architecture. data-prep plans the jobs on
 * the clean dataset, noise-injector those on the noisy copies; both count the same way. A run with repeats
 * ({@link RepeatSeeds}) has all of these once per seed: repeat r's job ids end in "-s(r+1)", its jobs carry
 * the repeat's seed and dataset, and the counts are multiplied by the number of seeds.
 */
public final class JobPlanner {

    public static final int PIXELS = 784;
    public static final String DENOISING = "dae";

    private JobPlanner() {
    }

    /** Jobs that need only the clean dataset (every kind but "dae"), every repeat on the same dataset. */
    public static List<ReducerJob> cleanReducerJobs(RunRequest request, DatasetRef dataset) {
        return cleanReducerJobs(request, seedPlans(request, dataset));
    }

    /**
     * Jobs that need only the clean dataset (every kind but "dae"), once per repeat, longest chain first
     * ({@link ExpectedCost}): published in this order, the longest chain starts at once and the cheap jobs fill the gaps.
     */
    public static List<ReducerJob> cleanReducerJobs(RunRequest request, List<SeedPlan> seeds) {
        List<ReducerJob> jobs = new ArrayList<>();
        for (SeedPlan plan : seeds) {
            for (ReducerSpec reducer : request.getReducersList()) {
                if (reducer.getKind().equals(DENOISING)) {
                    continue;
                }
                for (int k : codeSizes(reducer)) {
                    String jobId = reducer.getKind().equals("raw") ? "raw" : reducer.getKind() + "-k" + k;
                    jobs.add(job(request, plan, reducer.getKind(), k, jobId).build());
                }
            }
        }
        jobs.sort(Comparator.comparingDouble(ReducerJob::getPriority).reversed());
        return jobs;
    }

    /** Every repeat's seed with one dataset for all (the run's split). */
    public static List<SeedPlan> seedPlans(RunRequest request, DatasetRef dataset) {
        List<Long> seeds = RepeatSeeds.of(request);
        List<SeedPlan> plans = new ArrayList<>(seeds.size());
        for (int repeat = 0; repeat < seeds.size(); repeat++) {
            plans.add(SeedPlan.newBuilder().setRepeat(repeat).setSeed(seeds.get(repeat)).setDataset(dataset).build());
        }
        return plans;
    }

    /** The denoising jobs of the run's first repeat on one noisy copy of the dataset. */
    public static List<ReducerJob> denoisingJobs(RunRequest request, DatasetRef clean, double noiseFactor,
                                                 DatasetRef noisy, List<Picture> pictures) {
        SeedPlan first = SeedPlan.newBuilder().setRepeat(0).setSeed(RepeatSeeds.of(request).get(0)).setDataset(clean).build();
        return denoisingJobs(request, first, noiseFactor, noisy, pictures);
    }

    /** The denoising jobs of one repeat on its noisy copy of the repeat's dataset. */
    public static List<ReducerJob> denoisingJobs(RunRequest request, SeedPlan plan, double noiseFactor,
                                                 DatasetRef noisy, List<Picture> pictures) {
        List<ReducerJob> jobs = new ArrayList<>();
        for (ReducerSpec reducer : request.getReducersList()) {
            if (!reducer.getKind().equals(DENOISING)) {
                continue;
            }
            for (int k : reducer.getKList()) {
                jobs.add(job(request, plan, DENOISING, k, noiseTag(noiseFactor) + "-k" + k)
                        .setNoiseFactor(noiseFactor).setNoisy(noisy).addAllPictures(pictures).build());
            }
        }
        return jobs;
    }

    /** The reducer kind of a job id: "ae3" of "ae3-k256-s2" and "ae3-k256-A1", "dae" of "dae20-k256", "noise" of "noise-dae20". */
    public static String kindOf(String jobId) {
        String head = jobId.split("-", 2)[0];
        return head.startsWith(DENOISING) ? DENOISING : head;
    }

    /** "dae20" for a noise factor of 0.2. */
    public static String noiseTag(double noiseFactor) {
        return DENOISING + Math.round(noiseFactor * 100);
    }

    /** Reducer jobs of the whole run: every repeat's (a validated request: its counts fit an int). */
    public static int reducerJobCount(RunRequest request) {
        return Math.toIntExact(reducerJobs(request));
    }

    public static int classifierJobCount(RunRequest request) {
        return Math.toIntExact(classifierJobs(request));
    }

    /**
     * Reducer jobs of the whole run in {@code long}, saturating ({@link Saturating}): what a validator compares with
     * its limit, whatever the request's lists hold (in {@code int}, a million k values x a million noise factors wrapped).
     */
    public static long reducerJobs(RunRequest request) {
        return reducerJobs(request, kind -> true);
    }

    /** Reducer jobs of the whole run whose kind {@code kinds} accepts (e.g. the ones that train a network). */
    public static long reducerJobs(RunRequest request, java.util.function.Predicate<String> kinds) {
        long perSeed = 0;
        for (ReducerSpec reducer : request.getReducersList()) {
            if (kinds.test(reducer.getKind())) {
                perSeed = Saturating.add(perSeed, Saturating.multiply(codeSizes(reducer).size(),
                        reducer.getKind().equals(DENOISING) ? request.getNoiseFactorsCount() : 1));
            }
        }
        return Saturating.multiply(perSeed, RepeatSeeds.count(request));
    }

    /** Classifier jobs of the whole run in {@code long}, saturating: one per reducer job and architecture. */
    public static long classifierJobs(RunRequest request) {
        return Saturating.multiply(reducerJobs(request), request.getArchitecturesCount());
    }

    private static ReducerJob.Builder job(RunRequest request, SeedPlan plan, String kind, int k, String jobId) {
        return ReducerJob.newBuilder()
                .setRunId(request.getRunId())
                .setJobId(jobId + RepeatSeeds.jobSuffix(plan.getRepeat()))
                .setKind(kind)
                .setK(k)
                .setRequest(request)
                .setDataset(plan.getDataset())
                .setSeed(plan.getSeed())
                .setRepeat(plan.getRepeat())
                .setPriority(ExpectedCost.chain(request, kind, k))
                .setClassifierJobs(classifierJobCount(request));
    }

    private static List<Integer> codeSizes(ReducerSpec reducer) {
        return reducer.getKind().equals("raw") ? List.of(PIXELS) : reducer.getKList();
    }
}
