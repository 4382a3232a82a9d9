package io.latentlab.dataprep.service;

import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.kit.plan.RepeatSeeds;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;
import io.latentlab.proto.TrainingSettings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a completed run request; every problem found becomes one human-readable reason. Besides what
 * makes a request impossible, it bounds the work one request may queue: at most
 * {@code latentlab.max-jobs-per-run} jobs (reducer + classifier jobs, counted as {@link JobPlanner} plans
 * them; default {@value #DEFAULT_MAX_JOBS}) and {@value #MAX_HIDDEN_LAYERS} hidden layers per architecture.
 */
public final class RunRequestValidator {

    /** The study's profiles plan 60 jobs; 500 leaves room for wide custom studies but not for thousands. */
    public static final int DEFAULT_MAX_JOBS = 500;
    public static final String MAX_JOBS_PROPERTY = "latentlab.max-jobs-per-run";
    /** The deepest architecture of the study has four hidden layers. */
    static final int MAX_HIDDEN_LAYERS = 8;
    /** Seeds per run ("repeats" or "seeds"): enough for tight intervals, few enough to stay a study. */
    static final int MAX_REPEATS = 20;
    /** A rejected event lists at most this many reasons about the values of one list. */
    static final int MAX_REASONS_PER_LIST = 5;

    /** Fewest images of any digit: 5421 (digit 5) in MNIST's training file, 892 in its test file. */
    static final int MAX_TRAIN_PLUS_VAL_PER_DIGIT = 5421;
    static final int MAX_TEST_PER_DIGIT = 892;
    static final Set<String> SUPPORTED_REDUCERS = Set.of("raw", "pca", "ae1", "ae3", "dae");
    private static final Set<String> TRAINED_REDUCERS = Set.of("ae1", "ae3", "dae");
    private static final int PIXELS = 784;
    /**
     * Run ids become S3 keys (runs/&lt;runId&gt;/) and local directories: a letter or digit first, so never
     * '.' or '..' (checked again explicitly), then letters, digits, '.', '_', '-'; 64 characters at most.
     */
    static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NAME = RUN_ID;

    private final int maxJobs;

    /** The job limit from MicroProfile Config ({@value #MAX_JOBS_PROPERTY}, env LATENTLAB_MAX_JOBS_PER_RUN). */
    public RunRequestValidator() {
        this(configuredMaxJobs());
    }

    public RunRequestValidator(int maxJobs) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException(MAX_JOBS_PROPERTY + " must be at least 1, got " + maxJobs);
        }
        this.maxJobs = maxJobs;
    }

    public int maxJobs() {
        return maxJobs;
    }

    static int configuredMaxJobs() {
        try {
            return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue(MAX_JOBS_PROPERTY, Integer.class).orElse(DEFAULT_MAX_JOBS);
        } catch (IllegalStateException | IllegalArgumentException | java.util.NoSuchElementException e) {
            return DEFAULT_MAX_JOBS;
        }
    }

    public static boolean validRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches() && !runId.equals(".") && !runId.equals("..");
    }

    public List<String> validate(RunRequest request) {
        List<String> reasons = new ArrayList<>();
        if (!validRunId(request.getRunId())) {
            reasons.add("runId must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or "
                    + "digit, got '" + abbreviate(request.getRunId()) + "'");
        }
        if (request.getProfile().isEmpty() && request.getReducersCount() == 0) {
            reasons.add("profile is missing (use \"quick\" or \"seed\", or give every field)");
        } else if (RunProfiles.defaults(request.getProfile()).isEmpty() && !request.hasSplit()) {
            reasons.add("unknown profile '" + request.getProfile() + "' (known: quick, seed) and no split given");
        }
        checkDigits(request.getDigitsList(), reasons);
        checkSplit(request.hasSplit() ? request.getSplit() : null, reasons);
        checkReducers(request, reasons);
        checkArchitectures(request.getArchitecturesList(), reasons);
        checkTraining("training", request.hasTraining() ? request.getTraining() : null, reasons);
        if (request.getReducersList().stream().anyMatch(r -> TRAINED_REDUCERS.contains(r.getKind()))) {
            checkTraining("reducerTraining", request.hasReducerTraining() ? request.getReducerTraining() : null, reasons);
        }
        checkNoise(request, reasons);
        checkRepeats(request, reasons);
        checkJobCount(request, reasons);
        return reasons;
    }

    private void checkJobCount(RunRequest request, List<String> reasons) {
        // every repeat is a full set of jobs: JobPlanner counts them all
        long reducerJobs = JobPlanner.reducerJobCount(request);
        long jobs = reducerJobs + reducerJobs * request.getArchitecturesCount();
        if (jobs > maxJobs) {
            int seeds = RepeatSeeds.count(request);
            reasons.add("the request plans %d jobs (%d reducer jobs, %d classifier jobs%s); a run may have at most %d (%s)"
                    .formatted(jobs, reducerJobs, reducerJobs * request.getArchitecturesCount(),
                            seeds > 1 ? ", over " + seeds + " seeds" : "", maxJobs, MAX_JOBS_PROPERTY));
        }
    }

    private static void checkRepeats(RunRequest request, List<String> reasons) {
        if (request.getRepeats() < 0 || request.getRepeats() > MAX_REPEATS) {
            reasons.add("repeats must be between 1 and %d, got %d".formatted(MAX_REPEATS, request.getRepeats()));
        }
        List<Long> seeds = request.getSeedsList();
        if (seeds.isEmpty()) {
            return;
        }
        if (seeds.size() > MAX_REPEATS) {
            reasons.add("seeds may name at most %d seeds, got %d".formatted(MAX_REPEATS, seeds.size()));
        }
        if (seeds.contains(0L)) {
            reasons.add("seeds must not be 0 (0 stands for \"the profile's seed\")");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            reasons.add("seeds must not repeat, got " + abbreviate(seeds.toString()));
        }
        if (request.getRepeats() > 0 && request.getRepeats() != seeds.size()) {
            reasons.add("repeats (%d) and the number of seeds (%d) differ: give one of them, or make them agree"
                    .formatted(request.getRepeats(), seeds.size()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static void checkDigits(List<Integer> digits, List<String> reasons) {
        if (digits.size() < 2) {
            reasons.add("digits must name at least two classes, got " + abbreviate(digits.toString()));
        }
        if (digits.stream().anyMatch(d -> d < 0 || d > 9)) {
            reasons.add("digits must be between 0 and 9, got " + abbreviate(digits.toString()));
        }
        if (new HashSet<>(digits).size() != digits.size()) {
            reasons.add("digits must not repeat, got " + abbreviate(digits.toString()));
        }
    }

    private static void checkSplit(SplitSizes split, List<String> reasons) {
        if (split == null) {
            reasons.add("split is missing");
            return;
        }
        if (split.getTrainPerDigit() <= 0 || split.getValPerDigit() <= 0 || split.getTestPerDigit() <= 0) {
            reasons.add("split sizes must be positive, got train=%d val=%d test=%d"
                    .formatted(split.getTrainPerDigit(), split.getValPerDigit(), split.getTestPerDigit()));
        }
        if (split.getTrainPerDigit() + split.getValPerDigit() > MAX_TRAIN_PLUS_VAL_PER_DIGIT) {
            reasons.add("train + val per digit must be at most %d (MNIST's rarest digit), got %d"
                    .formatted(MAX_TRAIN_PLUS_VAL_PER_DIGIT, split.getTrainPerDigit() + split.getValPerDigit()));
        }
        if (split.getTestPerDigit() > MAX_TEST_PER_DIGIT) {
            reasons.add("test per digit must be at most %d, got %d".formatted(MAX_TEST_PER_DIGIT, split.getTestPerDigit()));
        }
    }

    private static void checkReducers(RunRequest request, List<String> reasons) {
        if (request.getReducersCount() == 0) {
            reasons.add("reducers must not be empty");
        }
        Set<String> kinds = new HashSet<>();
        for (ReducerSpec reducer : request.getReducersList()) {
            if (!SUPPORTED_REDUCERS.contains(reducer.getKind())) {
                reasons.add("reducer '" + reducer.getKind() + "' is not supported (supported: raw, pca, ae1, ae3, dae)");
            }
            if (!kinds.add(reducer.getKind())) {
                reasons.add("reducer '" + reducer.getKind() + "' is listed twice");
            }
            if (!reducer.getKind().equals("raw")) {
                checkCodeSizes(request, reducer, reasons);
            }
        }
    }

    private static void checkCodeSizes(RunRequest request, ReducerSpec reducer, List<String> reasons) {
        if (reducer.getKCount() == 0) {
            reasons.add("reducer '" + reducer.getKind() + "' needs at least one k");
        }
        int trainRows = request.getSplit().getTrainPerDigit() * request.getDigitsCount();
        int bad = 0;
        for (int k : reducer.getKList()) {
            String reason = null;
            if (k < 1 || k > PIXELS) {
                reason = "k must be between 1 and %d, got %d for '%s'".formatted(PIXELS, k, reducer.getKind());
            } else if (k >= trainRows) {
                reason = "k=%d for '%s' needs more than %d training images".formatted(k, reducer.getKind(), trainRows);
            }
            if (reason != null && ++bad <= MAX_REASONS_PER_LIST) {
                reasons.add(reason);
            }
        }
        if (bad > MAX_REASONS_PER_LIST) {
            // one reason per bad value would let a request flood its rejected event
            reasons.add("... and %d more k values of '%s' like these".formatted(bad - MAX_REASONS_PER_LIST,
                    reducer.getKind()));
        }
        if (new HashSet<>(reducer.getKList()).size() != reducer.getKCount()) {
            reasons.add("k values of '" + reducer.getKind() + "' must not repeat");
        }
    }

    private static void checkArchitectures(List<Architecture> architectures, List<String> reasons) {
        if (architectures.isEmpty()) {
            reasons.add("architectures must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (Architecture arch : architectures) {
            if (!NAME.matcher(arch.getName()).matches()) {
                reasons.add("architecture name '" + abbreviate(arch.getName())
                        + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            if (!names.add(arch.getName())) {
                reasons.add("architecture '" + arch.getName() + "' is listed twice");
            }
            if (arch.getHiddenCount() == 0 || arch.getHiddenList().stream().anyMatch(w -> w < 1 || w > 4096)) {
                reasons.add("architecture '" + abbreviate(arch.getName()) + "' needs hidden widths between 1 and 4096, got "
                        + abbreviate(arch.getHiddenList().toString()));
            }
            if (arch.getHiddenCount() > MAX_HIDDEN_LAYERS) {
                reasons.add("architecture '%s' has %d hidden layers; at most %d".formatted(abbreviate(arch.getName()),
                        arch.getHiddenCount(), MAX_HIDDEN_LAYERS));
            }
        }
    }

    private static void checkNoise(RunRequest request, List<String> reasons) {
        boolean denoising = request.getReducersList().stream().anyMatch(r -> r.getKind().equals("dae"));
        if (denoising && request.getNoiseFactorsCount() == 0) {
            reasons.add("reducer 'dae' needs at least one noise factor (noiseFactors)");
        }
        if (request.getNoiseFactorsList().stream().anyMatch(f -> !(f > 0 && f <= 1))) {
            reasons.add("noise factors must be in (0, 1], got " + abbreviate(request.getNoiseFactorsList().toString()));
        }
        if (request.getNoiseFactorsList().stream().map(f -> Math.round(f * 100)).distinct().count()
                != request.getNoiseFactorsCount()) {
            reasons.add("noise factors must differ by at least 0.01, got " + abbreviate(request.getNoiseFactorsList().toString()));
        }
    }

    private static void checkTraining(String name, TrainingSettings training, List<String> reasons) {
        if (training == null) {
            reasons.add(name + " settings are missing");
            return;
        }
        if (!(training.getLearningRate() > 0 && training.getLearningRate() <= 1)) {
            reasons.add(name + ".learningRate must be in (0, 1], got " + training.getLearningRate());
        }
        if (training.getBatchSize() < 1 || training.getBatchSize() > 4096) {
            reasons.add(name + ".batchSize must be between 1 and 4096, got " + training.getBatchSize());
        }
        if (training.getMaxEpochs() < 1 || training.getMaxEpochs() > 1000) {
            reasons.add(name + ".maxEpochs must be between 1 and 1000, got " + training.getMaxEpochs());
        }
        if (training.getPatience() < 1) {
            reasons.add(name + ".patience must be at least 1, got " + training.getPatience());
        }
    }
}
