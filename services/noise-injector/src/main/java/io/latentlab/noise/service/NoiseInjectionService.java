package io.latentlab.noise.service;

import io.latentlab.kit.jobs.JobKeys;
import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.kit.plan.RepeatSeeds;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.Noise;
import io.latentlab.ml.image.Pictures;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.NoiseJob;
import io.latentlab.proto.NoisyDataset;
import io.latentlab.proto.Picture;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SeedPlan;
import io.latentlab.proto.SplitRef;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.runtime.jobs.JobRunner;
import io.latentlab.runtime.jobs.JobSpec;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.KeyedSender;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.List;
import java.util.Optional;

/**
 * Writes one noisy copy of an accepted run's dataset per noise factor, clip(x + f N(0,1), 0, 1) with a
 * generator seeded by the repeat's seed (one copy per repeat: each repeat draws its own noise), and hands the
 * denoising reducer jobs on to the trainers.
 */
@ApplicationScoped
public class NoiseInjectionService {

    static final String STAGE = "noise-injector";
    static final String VERSION = "1";
    private static final int PREVIEW_IMAGES = 10;

    private final DatasetStore datasets;
    private final ArtifactStore store;
    private final JobRunner jobs;
    private final ProgressReporter progress;
    private final MutinyEmitter<ReducerJob> reducerJobs;

    public NoiseInjectionService(DatasetStore datasets, ArtifactStore store, JobRunner jobs, ProgressPublisher progress,
                                 @Channel(Channels.REDUCER_JOBS) MutinyEmitter<ReducerJob> reducerJobs) {
        this.datasets = datasets;
        this.store = store;
        this.jobs = jobs;
        this.progress = progress.reporter();
        this.reducerJobs = reducerJobs;
    }

    public void inject(String runId, RunAccepted accepted) {
        RunRequest request = accepted.getRequest();
        if (request.getReducersList().stream().noneMatch(r -> r.getKind().equals(JobPlanner.DENOISING))) {
            return;
        }
        List<SeedPlan> seeds = accepted.getSeedsCount() > 0 ? accepted.getSeedsList()
                : JobPlanner.seedPlans(request, accepted.getDataset());
        for (SeedPlan plan : seeds) {
            for (double factor : request.getNoiseFactorsList()) {
                if (!inject(runId, request, plan, factor)) {
                    return; // the run was cancelled, or the job failed and failed its run
                }
            }
        }
    }

    private boolean inject(String runId, RunRequest request, SeedPlan plan, double factor) {
        String jobId = "noise-" + JobPlanner.noiseTag(factor) + RepeatSeeds.jobSuffix(plan.getRepeat());
        DatasetRef clean = plan.getDataset();
        NoiseJob config = NoiseJob.newBuilder().setNoiseFactor(factor).build();
        String jobKey = request.getDisableJobReuse()
                ? JobKeys.of(STAGE, VERSION, config, clean.getSha256(), Long.toString(plan.getSeed()), "run:" + runId)
                : JobKeys.of(STAGE, VERSION, config, clean.getSha256(), Long.toString(plan.getSeed()));
        String prefix = StoreKeys.job(STAGE, jobKey);
        Optional<NoisyDataset> made = jobs.runOnce(new JobSpec<>(runId, jobId, prefix, NoisyDataset.parser(),
                        NoisyDataset::getTrainedByRun,
                        done -> done.toBuilder().setRunId(runId).setRepeat(plan.getRepeat()).build()),
                // the whole copy holds a slot (a few seconds; its progress span is then its slot time, as the
                // study bench counts it): the draws are CPU work the denoising jobs wait for
                listener -> listener.whileTraining(() -> makeNoisy(runId, jobId, plan, factor, jobKey, prefix)));
        if (made.isEmpty()) {
            return false;
        }
        NoisyDataset noisy = made.get();
        for (ReducerJob job : JobPlanner.denoisingJobs(request, plan, factor, noisy.getNoisy(),
                List.of(noisy.getPreview()))) {
            KeyedSender.sendAndAwait(reducerJobs, runId + "/" + job.getJobId(), job);
        }
        return true;
    }

    private NoisyDataset makeNoisy(String runId, String jobId, SeedPlan plan, double factor, String jobKey, String prefix) {
        DatasetRef clean = plan.getDataset();
        long seed = plan.getSeed();
        progress.started(runId, jobId, "noise factor " + factor + (plan.getRepeat() > 0 ? ", seed " + seed : ""));
        SplitRef train = datasets.saveFeatures(prefix + "train-noisy.npy",
                noisy(datasets.features(clean.getTrain()), factor, seed, 0), clean.getTrain());
        SplitRef val = datasets.saveFeatures(prefix + "val-noisy.npy",
                noisy(datasets.features(clean.getVal()), factor, seed, 1), clean.getVal());
        FloatMatrix cleanTest = datasets.features(clean.getTest());
        FloatMatrix noisyTest = noisy(cleanTest, factor, seed, 2);
        SplitRef test = datasets.saveFeatures(prefix + "test-noisy.npy", noisyTest, clean.getTest());
        byte[] png = Pictures.imageRows(List.of("original", "noisy f=" + factor), List.of(cleanTest, noisyTest),
                PREVIEW_IMAGES, 2);
        Picture preview = Picture.newBuilder()
                .setName("noisy-" + JobPlanner.noiseTag(factor) + RepeatSeeds.jobSuffix(plan.getRepeat()))
                .setCaption("Original vs noisy test images, noise factor " + factor)
                .setImage(store.put(prefix + "original-vs-noisy.png", png))
                .build();
        NoisyDataset made = NoisyDataset.newBuilder()
                .setRunId(runId)
                .setNoiseFactor(factor)
                .setNoisy(DatasetStore.datasetRef(train, val, test, clean.getDims(), jobKey))
                .setPreview(preview)
                .setJobKey(jobKey)
                .setTrainedByRun(runId)
                .setSeed(seed)
                .setRepeat(plan.getRepeat())
                .build();
        progress.finished(runId, jobId, "noisy dataset at " + prefix);
        return made;
    }

    /** Each split gets its own stream of the seeded generator, so the copies do not depend on each other. */
    private static FloatMatrix noisy(FloatMatrix clean, double factor, long seed, int splitIndex) {
        return Noise.gaussian(clean, factor, seed * 31 + splitIndex);
    }
}
