package io.latentlab.dataprep.service;

import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;
import io.latentlab.proto.TrainingSettings;

import java.util.List;
import java.util.Optional;

/**
 * The named profiles of docs/study.md. A request names a profile and may override any part of it, so
 * {@code {"profile":"quick"}} is a complete request.
 */
public final class RunProfiles {

    public static final String SEED = "seed";
    public static final String QUICK = "quick";
    /** The seed protocol on five Fashion-MNIST classes (docs/study.md "The fashion profile"). */
    public static final String FASHION = RunDatasets.FASHION_PROFILE;
    public static final long DEFAULT_SEED = 42;

    private static final List<Integer> STUDY_DIGITS = List.of(0, 1, 2, 4, 7);
    /** T-shirt/top, Trouser, Pullover, Sneaker, Bag: two easy classes, a confusable pair of tops, footwear, a bag. */
    private static final List<Integer> FASHION_CLASSES = List.of(0, 1, 2, 7, 8);
    private static final List<Integer> STUDY_K = List.of(32, 64, 128, 256);
    private static final List<Double> STUDY_NOISE = List.of(0.2, 0.4);

    private RunProfiles() {
    }

    public static Optional<RunRequest> defaults(String profile) {
        return switch (profile) {
            case SEED -> Optional.of(study(SEED, split(2277, 759, 759), training(100, 5), training(100, 5)));
            case QUICK -> Optional.of(study(QUICK, split(150, 50, 50), training(8, 3), training(15, 3)));
            case FASHION -> Optional.of(study(FASHION, split(2277, 759, 759), training(100, 5), training(100, 5))
                    .toBuilder().clearDigits().addAllClasses(FASHION_CLASSES).setDataset(RunDatasets.FASHION_MNIST).build());
            default -> Optional.empty();
        };
    }

    /**
     * The request with every field it leaves empty taken from its profile (unknown profile: as is), and with
     * {@code digits} set to its {@code classes} when it names only those: downstream, {@code digits} holds the
     * label values of the run's classes whatever the dataset.
     */
    public static RunRequest complete(RunRequest request) {
        Optional<RunRequest> base = defaults(request.getProfile());
        RunRequest.Builder merged = request.toBuilder();
        if (base.isPresent()) {
            merge(request, base.get(), merged);
        }
        if (merged.getDigitsCount() == 0 && merged.getClassesCount() > 0) {
            merged.addAllDigits(merged.getClassesList());
        }
        return merged.build();
    }

    private static void merge(RunRequest request, RunRequest defaults, RunRequest.Builder merged) {
        if (request.getDataset().isEmpty()) {
            merged.setDataset(defaults.getDataset());
        }
        if (request.getDigitsCount() == 0 && request.getClassesCount() == 0) {
            merged.addAllDigits(defaults.getDigitsList());
            merged.addAllClasses(defaults.getClassesList());
        }
        if (!request.hasSplit()) {
            merged.setSplit(defaults.getSplit());
        }
        if (request.getSeed() == 0) {
            merged.setSeed(defaults.getSeed());
        }
        if (request.getReducersCount() == 0) {
            merged.addAllReducers(defaults.getReducersList());
        }
        if (request.getArchitecturesCount() == 0) {
            merged.addAllArchitectures(defaults.getArchitecturesList());
        }
        if (!request.hasTraining()) {
            merged.setTraining(defaults.getTraining());
        }
        if (!request.hasReducerTraining()) {
            merged.setReducerTraining(defaults.getReducerTraining());
        }
        if (request.getNoiseFactorsCount() == 0) {
            merged.addAllNoiseFactors(defaults.getNoiseFactorsList());
        }
    }

    private static RunRequest study(String profile, SplitSizes split, TrainingSettings training,
                                    TrainingSettings reducerTraining) {
        return RunRequest.newBuilder()
                .setProfile(profile)
                .addAllDigits(STUDY_DIGITS)
                .setSplit(split)
                .setSeed(DEFAULT_SEED)
                .addReducers(ReducerSpec.newBuilder().setKind("raw"))
                .addReducers(ReducerSpec.newBuilder().setKind("pca").addAllK(STUDY_K))
                .addReducers(ReducerSpec.newBuilder().setKind("ae1").addAllK(STUDY_K))
                .addReducers(ReducerSpec.newBuilder().setKind("ae3").addAllK(STUDY_K))
                .addReducers(ReducerSpec.newBuilder().setKind("dae").addK(256))
                .addAllNoiseFactors(STUDY_NOISE)
                .addArchitectures(arch("A1", 512, 256, 256))
                .addArchitectures(arch("A2", 512, 512, 512))
                .addArchitectures(arch("A3", 512, 256, 128, 64))
                .setTraining(training)
                .setReducerTraining(reducerTraining)
                .build();
    }

    private static SplitSizes split(int train, int val, int test) {
        return SplitSizes.newBuilder().setTrainPerDigit(train).setValPerDigit(val).setTestPerDigit(test).build();
    }

    private static TrainingSettings training(int maxEpochs, int patience) {
        return TrainingSettings.newBuilder()
                .setLearningRate(0.001).setBatchSize(32).setMaxEpochs(maxEpochs).setPatience(patience).build();
    }

    private static Architecture arch(String name, Integer... hidden) {
        return Architecture.newBuilder().setName(name).addAllHidden(List.of(hidden)).build();
    }
}
