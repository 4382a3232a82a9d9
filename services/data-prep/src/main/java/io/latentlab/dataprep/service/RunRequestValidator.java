package io.latentlab.dataprep.service;

import io.latentlab.kit.RunIds;
import io.latentlab.kit.jobs.JobIds;
import io.latentlab.kit.plan.Correction;
import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;
import io.latentlab.proto.TrainingSettings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a completed run request; every problem found becomes one human-readable reason. Besides what
 * makes a request impossible, it bounds the work one request may queue ({@link WorkBudget}: jobs, repeats,
 * parameters per network, images x epochs and steps per training, images x epochs per run; each limit
 * configurable) and allows {@value #MAX_HIDDEN_LAYERS} hidden layers per architecture. Sizes are added and
 * multiplied in {@code long}: no request wraps below a limit.
 */
public final class RunRequestValidator {

    /** The deepest architecture of the study has four hidden layers. */
    static final int MAX_HIDDEN_LAYERS = 8;
    /** A rejected event lists at most this many reasons about the values of one list. */
    static final int MAX_REASONS_PER_LIST = 5;
    /** A rejected event lists at most this many reasons in all. */
    static final int MAX_REASONS = 30;

    /** Fewest images of any digit: 5421 (digit 5) in MNIST's training file, 892 in its test file. */
    static final int MAX_TRAIN_PLUS_VAL_PER_DIGIT = 5421;
    static final int MAX_TEST_PER_DIGIT = 892;
    static final Set<String> SUPPORTED_REDUCERS = Set.of("raw", "pca", "ae1", "ae3", "dae");
    private static final Set<String> TRAINED_REDUCERS = Set.of("ae1", "ae3", "dae");
    private static final int PIXELS = 784;

    private final WorkBudget budget;

    /** The limits from MicroProfile Config ({@link WorkBudget#configured()}). */
    public RunRequestValidator() {
        this(WorkBudget.configured());
    }

    public RunRequestValidator(WorkBudget budget) {
        this.budget = budget;
    }

    public WorkBudget budget() {
        return budget;
    }

    public List<String> validate(RunRequest request) {
        List<String> reasons = new ArrayList<>();
        if (!RunIds.valid(request.getRunId())) {
            reasons.add("runId must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or "
                    + "digit, got '" + abbreviate(request.getRunId()) + "'");
        }
        if (request.getProfile().isEmpty() && request.getReducersCount() == 0) {
            reasons.add("profile is missing (use \"quick\", \"seed\" or \"fashion\", or give every field)");
        } else if (RunProfiles.defaults(request.getProfile()).isEmpty() && !request.hasSplit()) {
            reasons.add("unknown profile '" + abbreviate(request.getProfile()) + "' (known: quick, seed, fashion) and no split given");
        }
        boolean mnist = checkDataset(request, reasons);
        if (mnist) {
            checkDigits(request.getDigitsList(), reasons);
        } else {
            checkClasses(request.getDigitsList(), reasons);
        }
        checkSplit(request.hasSplit() ? request.getSplit() : null, mnist, reasons);
        checkReducers(request, reasons);
        checkArchitectures(request.getArchitecturesList(), reasons);
        checkTraining("training", request.hasTraining() ? request.getTraining() : null, reasons);
        if (request.getReducersList().stream().anyMatch(r -> TRAINED_REDUCERS.contains(r.getKind()))) {
            checkTraining("reducerTraining", request.hasReducerTraining() ? request.getReducerTraining() : null, reasons);
        }
        checkNoise(request, reasons);
        checkRepeats(request, reasons);
        if (Correction.named(request.getCorrection()).isEmpty()) {
            reasons.add("correction '%s' is not known (known: %s; empty means holm)"
                    .formatted(abbreviate(request.getCorrection()), Correction.known()));
        }
        budget.check(request, reasons);
        if (reasons.size() > MAX_REASONS) {
            // a request of a million bad entries must not become a rejected event too large for the topic
            int more = reasons.size() - MAX_REASONS;
            reasons = new ArrayList<>(reasons.subList(0, MAX_REASONS));
            reasons.add("... and %d more problems".formatted(more));
        }
        return reasons;
    }

    private void checkRepeats(RunRequest request, List<String> reasons) {
        if (request.getRepeats() < 0 || request.getRepeats() > budget.maxRepeats()) {
            reasons.add("repeats must be between 1 and %d (%s), got %d".formatted(budget.maxRepeats(),
                    WorkBudget.MAX_REPEATS, request.getRepeats()));
        }
        List<Long> seeds = request.getSeedsList();
        if (seeds.isEmpty()) {
            return;
        }
        if (seeds.size() > budget.maxRepeats()) {
            reasons.add("seeds may name at most %d seeds (%s), got %d".formatted(budget.maxRepeats(),
                    WorkBudget.MAX_REPEATS, seeds.size()));
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

    static String abbreviate(String s) {
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

    /**
     * The dataset's name and that classes and digits agree; true when the dataset is MNIST (whose digits and sizes
     * are checked here; any other dataset's classes and sizes against its manifest and files when it is split).
     */
    private static boolean checkDataset(RunRequest request, List<String> reasons) {
        if (!request.getDataset().isEmpty() && !DatasetManifest.validName(request.getDataset())) {
            reasons.add("dataset must be " + DatasetManifest.NAME_RULE + ", got '" + abbreviate(request.getDataset()) + "'");
        }
        if (request.getClassesCount() > 0 && request.getDigitsCount() > 0
                && !request.getClassesList().equals(request.getDigitsList())) {
            reasons.add("classes " + abbreviate(request.getClassesList().toString()) + " and digits "
                    + abbreviate(request.getDigitsList().toString())
                    + " differ: give one of them (digits is the MNIST spelling of classes)");
        }
        return RunDatasets.of(request).equals(RunDatasets.MNIST);
    }

    private static void checkClasses(List<Integer> classes, List<String> reasons) {
        if (classes.size() < 2) {
            reasons.add("classes must name at least two classes, got " + abbreviate(classes.toString()));
        }
        if (classes.stream().anyMatch(c -> c < 0 || c >= DatasetManifest.MAX_CLASSES)) {
            reasons.add("classes must be label values between 0 and 255, got " + abbreviate(classes.toString()));
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            reasons.add("classes must not repeat, got " + abbreviate(classes.toString()));
        }
    }

    private static void checkSplit(SplitSizes split, boolean mnist, List<String> reasons) {
        if (split == null) {
            reasons.add("split is missing");
            return;
        }
        if (split.getTrainPerDigit() <= 0 || split.getValPerDigit() <= 0 || split.getTestPerDigit() <= 0) {
            reasons.add("split sizes must be positive, got train=%d val=%d test=%d"
                    .formatted(split.getTrainPerDigit(), split.getValPerDigit(), split.getTestPerDigit()));
        }
        if (!mnist) {
            return; // another dataset's class sizes are its files': the splitter checks them before it allocates
        }
        // in long: 1000000000 + 1200000000 wrapped negative in int and passed (issue 25)
        long trainPlusVal = (long) split.getTrainPerDigit() + split.getValPerDigit();
        if (trainPlusVal > MAX_TRAIN_PLUS_VAL_PER_DIGIT) {
            reasons.add("train + val per digit must be at most %d (MNIST's rarest digit), got %d"
                    .formatted(MAX_TRAIN_PLUS_VAL_PER_DIGIT, trainPlusVal));
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
                reasons.add("reducer '" + abbreviate(reducer.getKind()) + "' is not supported (supported: raw, pca, ae1, ae3, dae)");
            }
            if (!kinds.add(reducer.getKind())) {
                reasons.add("reducer '" + abbreviate(reducer.getKind()) + "' is listed twice");
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
        long trainRows = (long) request.getSplit().getTrainPerDigit() * request.getDigitsCount();
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
            if (!JobIds.validArchitectureName(arch.getName())) {
                reasons.add("architecture name '" + abbreviate(arch.getName()) + "' must be "
                        + JobIds.ARCHITECTURE_NAME_RULE);
            }
            if (!names.add(arch.getName())) {
                reasons.add("architecture '" + abbreviate(arch.getName()) + "' is listed twice");
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
