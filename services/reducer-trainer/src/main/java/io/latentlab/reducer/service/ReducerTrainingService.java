package io.latentlab.reducer.service;

import io.latentlab.kit.jobs.JobIds;
import io.latentlab.kit.jobs.JobKeys;
import io.latentlab.kit.plan.ExpectedCost;
import io.latentlab.kit.plan.RepeatSeeds;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.data.Splits;
import io.latentlab.ml.metrics.Metrics;
import io.latentlab.ml.reduce.Reducer;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.ReconMse;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerResult;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitRef;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.runtime.jobs.JobRunner;
import io.latentlab.runtime.jobs.JobSpec;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.KeyedSender;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.latentlab.runtime.provenance.TrainingEnvironment;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs one reducer job: fits the reducer on the training split, stores the codes of every split, and
 * fans out one classifier job per architecture. Outputs live under a key derived from the job's
 * config and input hash, so a redelivered (or repeated) job is not trained twice.
 */
@ApplicationScoped
public class ReducerTrainingService {

    static final String STAGE = "reducer-trainer";
    static final String VERSION = "1";
    private static final Logger LOG = Logger.getLogger(ReducerTrainingService.class);

    private final Map<String, ReducerFitter> fitters;
    private final DatasetStore datasets;
    private final ArtifactStore store;
    private final JobRunner jobs;
    private final ProgressReporter progress;
    private final MutinyEmitter<ClassifierJob> classifierJobs;
    private final TrainingEnvironment environment;

    public ReducerTrainingService(Instance<ReducerFitter> fitters, DatasetStore datasets, ArtifactStore store,
                                  JobRunner jobs, ProgressPublisher progress,
                                  @Channel(Channels.CLASSIFIER_JOBS) MutinyEmitter<ClassifierJob> classifierJobs,
                                  TrainingEnvironment environment) {
        this.fitters = fitters.stream().collect(Collectors.toMap(ReducerFitter::kind, Function.identity()));
        this.datasets = datasets;
        this.store = store;
        this.jobs = jobs;
        this.progress = progress.reporter();
        this.classifierJobs = classifierJobs;
        this.environment = environment;
    }

    public void run(ReducerJob job) {
        // everything that determines the outputs: kind, k, noise, training settings, inputs, the repeat's seed
        long seed = RepeatSeeds.seedOf(job);
        ReducerJob config = ReducerJob.newBuilder().setKind(job.getKind()).setK(job.getK())
                .setNoiseFactor(job.getNoiseFactor())
                .setRequest(RunRequest.newBuilder().setReducerTraining(job.getRequest().getReducerTraining()))
                .build();
        String jobKey = job.getRequest().getDisableJobReuse()
                // reuse off: a key of this run's own, so the job trains anew (and is still idempotent within the run)
                ? JobKeys.of(STAGE, VERSION, config, job.getDataset().getSha256(), job.getNoisy().getSha256(),
                        Long.toString(seed), "run:" + job.getRunId())
                : JobKeys.of(STAGE, VERSION, config, job.getDataset().getSha256(), job.getNoisy().getSha256(),
                        Long.toString(seed));
        String prefix = StoreKeys.job(STAGE, jobKey);
        Optional<ReducerResult> trained = jobs.runOnce(new JobSpec<>(job.getRunId(), job.getJobId(), prefix,
                        ReducerResult.parser(), ReducerResult::getTrainedByRun,
                        done -> done.toBuilder().setRunId(job.getRunId()).setJobId(job.getJobId())
                                .setRepeat(job.getRepeat()).setSeed(seed).build(),
                        // the fit's time is the time it held its training slot (a wait for the slot is not training)
                        job.getPriority(), (result, timing) -> result.toBuilder().setTiming(timing)
                                .setTrainSeconds((timing.getFinishedMs() - timing.getStartedMs()) / 1000.0).build()),
                listener -> train(job, jobKey, prefix, listener));
        if (trained.isEmpty()) {
            return; // the run was cancelled, or the job failed and failed its run
        }
        ReducerResult result = trained.get();
        // the dearest first; all inherit this job's priority, so they go before the jobs of shorter chains
        List<Architecture> dearestFirst = job.getRequest().getArchitecturesList().stream()
                .sorted(Comparator.comparingDouble((Architecture a) -> ExpectedCost.classifier(job.getRequest(),
                        ExpectedCost.codeWidth(job.getKind(), job.getK()), a)).reversed())
                .toList();
        for (Architecture arch : dearestFirst) {
            ClassifierJob classifierJob = ClassifierJob.newBuilder()
                    .setRunId(job.getRunId())
                    .setJobId(JobIds.classifier(job.getJobId(), arch.getName()))
                    .setArchitecture(arch)
                    .setTraining(job.getRequest().getTraining())
                    .setSeed(seed)
                    .setRepeat(job.getRepeat())
                    .setReducer(result)
                    .setDataset(job.getDataset())
                    .setClassifierJobs(job.getClassifierJobs())
                    .setNumClasses(job.getRequest().getDigitsCount())
                    .setDisableJobReuse(job.getRequest().getDisableJobReuse())
                    .setPriority(job.getPriority())
                    .build();
            KeyedSender.sendAndAwait(classifierJobs, job.getRunId() + "/" + classifierJob.getJobId(), classifierJob);
        }
    }

    private ReducerResult train(ReducerJob job, String jobKey, String prefix, EpochListener listener) {
        progress.started(job.getRunId(), job.getJobId(), "fitting " + ReducerPictures.describe(job));
        long start = System.nanoTime();
        ReducerResult.Builder result = ReducerResult.newBuilder()
                .setRunId(job.getRunId()).setJobId(job.getJobId())
                .setKind(job.getKind()).setK(job.getK()).setNoiseFactor(job.getNoiseFactor()).setJobKey(jobKey)
                .setTrainedByRun(job.getRunId()).setSeed(RepeatSeeds.seedOf(job)).setRepeat(job.getRepeat());
        if (job.getKind().equals("raw")) {
            // The identity reducer: the dataset's pixels are the codes; nothing to store. Its instant "fit" holds a
            // slot like any reducer's, so that its timing is a slot's and no fourth job shows up beside two trainings.
            result.setCodes(listener.whileTraining(job::getDataset));
        } else {
            ReducerFitter fitter = fitters.get(job.getKind());
            if (fitter == null) {
                throw new IllegalArgumentException("no reducer of kind '" + job.getKind() + "' in this trainer");
            }
            ReducerInput input = new ReducerInput(load(job.getDataset()), job.hasNoisy() ? load(job.getNoisy()) : null);
            FittedReducer fitted = fitter.fit(input, job, listener);
            // each split encoded once: its codes are stored and, unless the input is noisy, decoded for the MSE
            FloatMatrix[] codes = encodeEach(fitted.reducer(), input.clean());
            result.setModel(store.put(prefix + "model.bin", fitted.modelBytes()))
                    .setExplainedVariance(fitted.explainedVariance())
                    .setCodes(storeCodes(prefix, codes, fitted.reducer().codeSize(), job.getDataset(), jobKey))
                    .setReconMse(reconstructionMse(fitted.reducer(), input, codes))
                    .addAllPictures(ReducerPictures.of(store, prefix, job, input, fitted));
            if (fitted.outcome() != null) {
                result.setEpochs(fitted.outcome().epochs()).setBestEpoch(fitted.outcome().bestEpoch())
                        .addAllTrainLoss(Arrays.stream(fitted.outcome().trainLoss()).boxed().toList())
                        .addAllValLoss(Arrays.stream(fitted.outcome().valLoss()).boxed().toList());
            }
        }
        // trainSeconds is the slot time, which the runner sets from the job's timing; this is the whole job
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        ReducerResult done = result.setEnvironment(environment.describe()).build();
        progress.finished(job.getRunId(), job.getJobId(), job.getKind().equals("raw") ? "raw pixels"
                : "recon MSE test %.5f".formatted(done.getReconMse().getTest()));
        LOG.infof("%s %s done in %.1fs (loading, fit, storing)", job.getRunId(), job.getJobId(), jobSeconds);
        return done;
    }

    private Splits load(DatasetRef dataset) {
        return new Splits(datasets.load(dataset.getTrain()), datasets.load(dataset.getVal()), datasets.load(dataset.getTest()));
    }

    private static FloatMatrix[] encodeEach(Reducer reducer, Splits data) {
        LabeledData[] splits = ReducerInput.each(data);
        FloatMatrix[] codes = new FloatMatrix[splits.length];
        for (int split = 0; split < splits.length; split++) {
            codes[split] = reducer.encode(splits[split].x());
        }
        return codes;
    }

    private DatasetRef storeCodes(String prefix, FloatMatrix[] codes, int codeSize, DatasetRef dataset, String jobKey) {
        SplitRef train = datasets.saveFeatures(prefix + "train-codes.npy", codes[0], dataset.getTrain());
        SplitRef val = datasets.saveFeatures(prefix + "val-codes.npy", codes[1], dataset.getVal());
        SplitRef test = datasets.saveFeatures(prefix + "test-codes.npy", codes[2], dataset.getTest());
        return DatasetStore.datasetRef(train, val, test, codeSize, jobKey);
    }

    /**
     * Reconstruction MSE per split; a denoising autoencoder is fed the noisy images and judged against
     * the clean, any other reducer decodes the clean images' codes.
     */
    private static ReconMse reconstructionMse(Reducer reducer, ReducerInput input, FloatMatrix[] cleanCodes) {
        LabeledData[] fed = ReducerInput.each(input.fed());
        LabeledData[] clean = ReducerInput.each(input.clean());
        double[] mse = new double[3];
        for (int split = 0; split < 3; split++) {
            FloatMatrix codes = input.denoising() ? reducer.encode(fed[split].x()) : cleanCodes[split];
            mse[split] = Metrics.meanSquaredError(clean[split].x(), reducer.decode(codes));
        }
        return ReconMse.newBuilder().setTrain(mse[0]).setVal(mse[1]).setTest(mse[2]).build();
    }
}
