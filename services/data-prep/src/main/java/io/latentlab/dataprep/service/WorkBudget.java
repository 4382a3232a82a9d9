package io.latentlab.dataprep.service;

import io.latentlab.kit.plan.ExpectedCost;
import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.kit.plan.RepeatSeeds;
import io.latentlab.kit.plan.Saturating;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.TrainingSettings;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The work one run request may ask for, checked before anything is planned: jobs, repeats, parameters per network
 * (and so the checkpoint a trainer holds in its heap), images x epochs and optimizer steps per training, images x
 * epochs per run. Every count is in {@code long}, saturating ({@link Saturating}), so no request wraps below a
 * limit. Each limit is a property (env: upper case, '_' for '.' and '-', e.g. LATENTLAB_MAX_REPEATS); the defaults
 * fit a 2-core machine whose trainers have 1.5 GB of heap, and let the seed and quick profiles run 3 repeats.
 */
public record WorkBudget(long maxJobsPerRun, long maxRepeats, long maxParametersPerNetwork,
                         long maxImageEpochsPerTraining, long maxStepsPerTraining, long maxImageEpochsPerRun) {

    public static final String MAX_JOBS = "latentlab.max-jobs-per-run";
    public static final String MAX_REPEATS = "latentlab.max-repeats";
    public static final String MAX_PARAMETERS = "latentlab.max-parameters-per-network";
    public static final String MAX_IMAGE_EPOCHS_PER_TRAINING = "latentlab.max-image-epochs-per-training";
    public static final String MAX_STEPS_PER_TRAINING = "latentlab.max-steps-per-training";
    public static final String MAX_IMAGE_EPOCHS_PER_RUN = "latentlab.max-image-epochs-per-run";

    /** The study's profiles plan 60 jobs per seed; 500 leaves room for wide custom studies, not for thousands. */
    static final long DEFAULT_MAX_JOBS = 500;
    /** Seeds per run: enough for tight intervals, few enough to stay a study. */
    static final long DEFAULT_MAX_REPEATS = 20;
    /**
     * The study's widest network (A2 on the 784 pixels) has 0.93 M. A checkpoint holds parameters, Adam's two
     * moments and the best parameters as floats ({@value #CHECKPOINT_BYTES_PER_PARAMETER} bytes per parameter) in one
     * heap buffer, and a trainer may hold two of them (one built, one uploading): 8 M is 128 MB each in a 1.5 GB
     * heap. 8 hidden layers of 4096 (121 M, a 1.9 GB checkpoint) were a crash loop.
     */
    static final long DEFAULT_MAX_PARAMETERS = 8_000_000;
    static final int CHECKPOINT_BYTES_PER_PARAMETER = 16;
    /** The seed profile trains on 11 385 images x 100 epochs (1.14 M); 6 M holds every digit at MNIST's largest split. */
    static final long DEFAULT_MAX_IMAGE_EPOCHS_PER_TRAINING = 6_000_000;
    /** The seed profile takes 356 steps x 100 epochs (35 600); batch size 1 for 1000 epochs is millions of steps. */
    static final long DEFAULT_MAX_STEPS_PER_TRAINING = 400_000;
    /** The seed profile trains 62.6 M image-epochs per seed (10 autoencoders, 45 classifiers): 3 repeats are 188 M. */
    static final long DEFAULT_MAX_IMAGE_EPOCHS_PER_RUN = 300_000_000;

    private static final Set<String> TRAINED_REDUCERS = Set.of("ae1", "ae3", "dae");

    public WorkBudget {
        positive(MAX_JOBS, maxJobsPerRun);
        positive(MAX_REPEATS, maxRepeats);
        positive(MAX_PARAMETERS, maxParametersPerNetwork);
        positive(MAX_IMAGE_EPOCHS_PER_TRAINING, maxImageEpochsPerTraining);
        positive(MAX_STEPS_PER_TRAINING, maxStepsPerTraining);
        positive(MAX_IMAGE_EPOCHS_PER_RUN, maxImageEpochsPerRun);
    }

    public static WorkBudget defaults() {
        return new WorkBudget(DEFAULT_MAX_JOBS, DEFAULT_MAX_REPEATS, DEFAULT_MAX_PARAMETERS,
                DEFAULT_MAX_IMAGE_EPOCHS_PER_TRAINING, DEFAULT_MAX_STEPS_PER_TRAINING, DEFAULT_MAX_IMAGE_EPOCHS_PER_RUN);
    }

    /** The limits from MicroProfile Config (application.properties, env), each defaulting to its constant. */
    public static WorkBudget configured() {
        Config config;
        try {
            config = ConfigProvider.getConfig();
        } catch (IllegalStateException e) {
            return defaults(); // no config at all (a plain unit test)
        }
        return new WorkBudget(value(config, MAX_JOBS, DEFAULT_MAX_JOBS), value(config, MAX_REPEATS, DEFAULT_MAX_REPEATS),
                value(config, MAX_PARAMETERS, DEFAULT_MAX_PARAMETERS),
                value(config, MAX_IMAGE_EPOCHS_PER_TRAINING, DEFAULT_MAX_IMAGE_EPOCHS_PER_TRAINING),
                value(config, MAX_STEPS_PER_TRAINING, DEFAULT_MAX_STEPS_PER_TRAINING),
                value(config, MAX_IMAGE_EPOCHS_PER_RUN, DEFAULT_MAX_IMAGE_EPOCHS_PER_RUN));
    }

    public WorkBudget withMaxJobsPerRun(long maxJobs) {
        return new WorkBudget(maxJobs, maxRepeats, maxParametersPerNetwork, maxImageEpochsPerTraining,
                maxStepsPerTraining, maxImageEpochsPerRun);
    }

    /** One reason per exceeded limit, naming the value, the limit and its property. */
    void check(RunRequest request, List<String> reasons) {
        checkJobs(request, reasons);
        long trainRows = Saturating.multiply(request.getSplit().getTrainPerDigit(), request.getDigitsCount());
        checkTraining("a classifier", request.getTraining(), trainRows, reasons);
        long trainedReducerJobs = JobPlanner.reducerJobs(request, TRAINED_REDUCERS::contains);
        if (trainedReducerJobs > 0) {
            checkTraining("an autoencoder", request.getReducerTraining(), trainRows, reasons);
        }
        checkParameters(request, reasons);
        // every training may run all its epochs: that is the bound, early stopping only saves some of it
        long imageEpochs = Saturating.add(
                Saturating.multiply(trainedReducerJobs, imageEpochs(trainRows, request.getReducerTraining())),
                Saturating.multiply(JobPlanner.classifierJobs(request), imageEpochs(trainRows, request.getTraining())));
        if (imageEpochs > maxImageEpochsPerRun) {
            reasons.add(("the run's trainings see up to %d image-epochs in all (%d autoencoder and %d classifier trainings"
                    + " of %d images%s); a run may have at most %d (%s)").formatted(imageEpochs, trainedReducerJobs,
                    JobPlanner.classifierJobs(request), trainRows, overSeeds(request), maxImageEpochsPerRun,
                    MAX_IMAGE_EPOCHS_PER_RUN));
        }
    }

    private void checkJobs(RunRequest request, List<String> reasons) {
        // every repeat is a full set of jobs: JobPlanner counts them all
        long reducerJobs = JobPlanner.reducerJobs(request);
        long classifierJobs = JobPlanner.classifierJobs(request);
        long jobs = Saturating.add(reducerJobs, classifierJobs);
        if (jobs > maxJobsPerRun) {
            reasons.add("the request plans %d jobs (%d reducer jobs, %d classifier jobs%s); a run may have at most %d (%s)"
                    .formatted(jobs, reducerJobs, classifierJobs, overSeeds(request), maxJobsPerRun, MAX_JOBS));
        }
    }

    private void checkTraining(String what, TrainingSettings training, long trainRows, List<String> reasons) {
        long imageEpochs = imageEpochs(trainRows, training);
        if (imageEpochs > maxImageEpochsPerTraining) {
            reasons.add("%s training sees %d images x %d epochs = %d image-epochs; a training may see at most %d (%s)"
                    .formatted(what, trainRows, training.getMaxEpochs(), imageEpochs,
                            maxImageEpochsPerTraining, MAX_IMAGE_EPOCHS_PER_TRAINING));
        }
        if (training.getBatchSize() < 1) {
            return; // the validator names the batch size
        }
        long stepsPerEpoch = trainRows / training.getBatchSize() + (trainRows % training.getBatchSize() == 0 ? 0 : 1);
        long steps = Saturating.multiply(stepsPerEpoch, training.getMaxEpochs());
        if (steps > maxStepsPerTraining) {
            reasons.add("%s training takes %d steps per epoch (%d images at batch size %d) x %d epochs = %d steps;"
                    .formatted(what, stepsPerEpoch, trainRows, training.getBatchSize(),
                            training.getMaxEpochs(), steps)
                    + " a training may take at most %d (%s)".formatted(maxStepsPerTraining, MAX_STEPS_PER_TRAINING));
        }
    }

    /** Every classifier on the widest codes it gets; every autoencoder at its largest k. */
    private void checkParameters(RunRequest request, List<String> reasons) {
        int widestCodes = 0;
        for (ReducerSpec reducer : request.getReducersList()) {
            if (reducer.getKind().equals("raw")) {
                widestCodes = JobPlanner.PIXELS;
            }
            int largestK = reducer.getKList().stream().mapToInt(Integer::intValue).filter(k -> k >= 1 && k <= JobPlanner.PIXELS)
                    .max().orElse(0);
            widestCodes = Math.max(widestCodes, largestK);
            if (TRAINED_REDUCERS.contains(reducer.getKind()) && largestK > 0) {
                checkNetwork("autoencoder '%s' at k=%d".formatted(reducer.getKind(), largestK),
                        ExpectedCost.autoencoderWidths(reducer.getKind(), largestK), reasons);
            }
        }
        for (Architecture architecture : request.getArchitecturesList()) {
            long parameters = parameters(ExpectedCost.classifierWidths(Math.max(1, widestCodes), architecture,
                    request.getDigitsCount()));
            if (parameters > maxParametersPerNetwork) {
                reasons.add(tooManyParameters("architecture '%s' on %d inputs".formatted(
                        RunRequestValidator.abbreviate(architecture.getName()), Math.max(1, widestCodes)), parameters));
            }
        }
    }

    private void checkNetwork(String what, int[] widths, List<String> reasons) {
        long parameters = parameters(widths);
        if (parameters > maxParametersPerNetwork) {
            reasons.add(tooManyParameters(what, parameters));
        }
    }

    private String tooManyParameters(String what, long parameters) {
        long checkpointMb = Saturating.multiply(parameters, CHECKPOINT_BYTES_PER_PARAMETER) / 1_000_000;
        return "%s has %d parameters (a checkpoint of about %d MB); a network may have at most %d (%s)"
                .formatted(what, parameters, checkpointMb, maxParametersPerNetwork, MAX_PARAMETERS);
    }

    /** Weights and biases of a dense network with these layer widths (input first). */
    static long parameters(int[] widths) {
        long total = 0;
        for (int i = 1; i < widths.length; i++) {
            total = Saturating.add(total, Saturating.multiply(Saturating.add(widths[i - 1], 1), widths[i]));
        }
        return total;
    }

    private static long imageEpochs(long trainRows, TrainingSettings training) {
        return Saturating.multiply(trainRows, training.getMaxEpochs());
    }

    private static String overSeeds(RunRequest request) {
        int seeds = RepeatSeeds.count(request);
        return seeds > 1 ? ", over " + seeds + " seeds" : "";
    }

    private static void positive(String property, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, got " + value);
        }
    }

    private static long value(Config config, String property, long fallback) {
        try {
            return config.getOptionalValue(property, Long.class).orElse(fallback);
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new IllegalArgumentException(property + " must be a whole number: " + e.getMessage(), e);
        }
    }
}
