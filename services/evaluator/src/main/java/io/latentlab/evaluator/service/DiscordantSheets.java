package io.latentlab.evaluator.service;

import io.latentlab.evaluator.report.Comparison;
import io.latentlab.evaluator.report.Discordant;
import io.latentlab.evaluator.report.DiscordantImages;
import io.latentlab.evaluator.report.JobRow;
import io.latentlab.evaluator.stats.DiscordantPairs;
import io.latentlab.evaluator.stats.PairedDifference;
import io.latentlab.kit.store.ArtifactNotFoundException;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.reduce.Reducer;
import io.latentlab.ml.reduce.Reducers;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.SplitRef;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * For every comparison of a run's report, the test images behind its difference: reads the two classifiers'
 * stored test predictions and the run's test split, finds the discordant images ({@link DiscordantPairs}, checked
 * against the counts McNemar's test used), draws the first {@value DiscordantImages#CAP} of each direction with
 * both reducers' reconstructions ({@link DiscordantImages}) and stores the sheets under runs/&lt;runId&gt;/pictures/.
 * With repeats the pairs are the run's first seed's (repeat 0, the run's split). Work is bounded: one pass over
 * the test labels per comparison, the test split, each classifier's predictions and each reducer read once, at
 * most 2 × {@value DiscordantImages#CAP} images encoded and decoded per comparison.
 */
final class DiscordantSheets {

    private static final Logger LOG = Logger.getLogger(DiscordantSheets.class);

    private final ArtifactStore store;
    private final String runId;
    private final SplitRef test;
    private final List<String> classNames;
    private final boolean repeats;
    private final Map<String, int[]> predictions = new HashMap<>();
    private final Map<String, UnaryOperator<FloatMatrix>> reconstructions = new HashMap<>();
    private int[] truth;
    private FloatMatrix images;

    /**
     * @param test       the test split of the run's first seed (accepted.pb's dataset)
     * @param classNames the name of each class label
     * @param repeats    whether the run has more than one seed (the sheets then say they show the first)
     */
    DiscordantSheets(ArtifactStore store, String runId, SplitRef test, List<String> classNames, boolean repeats) {
        this.store = store;
        this.runId = runId;
        this.test = test;
        this.classNames = classNames;
        this.repeats = repeats;
    }

    /**
     * The comparisons, each with its discordant images; a comparison whose predictions, reducer model or test split
     * are not stored (a job of an older run reused from the cache, a split removed) keeps none, and says so in the log.
     */
    List<Comparison> attach(List<Comparison> comparisons, Map<String, JobRow> jobs) {
        List<Comparison> out = new ArrayList<>(comparisons.size());
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison comparison = comparisons.get(i);
            try {
                out.add(comparison.withDiscordant(discordant(i + 1, comparison, jobs)));
            } catch (ImagesUnavailable | ArtifactNotFoundException e) {
                LOG.warnf("run %s: no images behind %s vs %s: %s", runId, comparison.a().label(), comparison.b().label(),
                        e.getMessage());
                out.add(comparison);
            }
        }
        return out;
    }

    private Discordant discordant(int number, Comparison comparison, Map<String, JobRow> jobs) {
        JobRow a = job(jobs, comparison.a().jobId());
        JobRow b = job(jobs, comparison.b().jobId());
        DiscordantPairs pairs = DiscordantPairs.of(truth(), predictions(a), predictions(b));
        requireMcNemarCounts(comparison, pairs);
        DiscordantImages.Side sideA = new DiscordantImages.Side(comparison.a().label(), predictions(a), reconstruction(a),
                a.reducer().equals("raw"));
        DiscordantImages.Side sideB = new DiscordantImages.Side(comparison.b().label(), predictions(b), reconstruction(b),
                b.reducer().equals("raw"));
        List<Discordant.Sheet> sheets = new ArrayList<>();
        sheet(number, Discordant.A_RIGHT_B_WRONG, pairs.aRightBWrong(), comparison, sideA, sideB, a.seed())
                .ifPresent(sheets::add);
        sheet(number, Discordant.B_RIGHT_A_WRONG, pairs.bRightAWrong(), comparison, sideA, sideB, a.seed())
                .ifPresent(sheets::add);
        return new Discordant(pairs.aRightBWrong().length, pairs.bRightAWrong().length,
                sheets.stream().mapToInt(s -> s.images().size()).sum(), DiscordantImages.CAP, a.repeat(), a.seed(),
                List.copyOf(sheets));
    }

    private Optional<Discordant.Sheet> sheet(int number, String direction, int[] indices, Comparison comparison,
                                                       DiscordantImages.Side a, DiscordantImages.Side b, long seed) {
        if (indices.length == 0) {
            return Optional.empty();
        }
        int[] shown = DiscordantPairs.first(indices, DiscordantImages.CAP);
        DiscordantImages.Drawn drawn = DiscordantImages.sheet(shown, images(), truth(), classNames, a, b);
        String name = String.format(Locale.ROOT, "differences-%02d-%s", number,
                direction.equals(Discordant.A_RIGHT_B_WRONG) ? "a-right-b-wrong" : "b-right-a-wrong");
        ArtifactRef ref = store.put(StoreKeys.run(runId) + "pictures/" + name + ".png", drawn.png());
        return Optional.of(new Discordant.Sheet(direction, name,
                DiscordantImages.caption(direction, comparison.a().label(), comparison.b().label(), shown.length,
                        indices.length, seed, repeats),
                ref.getKey(), ref.getSha256(), indices.length, drawn.images()));
    }

    /** McNemar's b and c are these pairs' sizes; a disagreement means the stored predictions are not the scored ones. */
    private static void requireMcNemarCounts(Comparison comparison, DiscordantPairs pairs) {
        PairedDifference result = comparison.result();
        if (!result.test().equals(PairedDifference.MCNEMAR)) {
            return;
        }
        if (result.onlyA() != pairs.aRightBWrong().length || result.onlyB() != pairs.bRightAWrong().length) {
            throw new IllegalStateException("the stored test predictions of %s and %s give %d and %d discordant images, "
                    .formatted(comparison.a().jobId(), comparison.b().jobId(), pairs.aRightBWrong().length,
                            pairs.bRightAWrong().length)
                    + "McNemar's test counted %d and %d".formatted(result.onlyA(), result.onlyB()));
        }
    }

    private static JobRow job(Map<String, JobRow> jobs, String jobId) {
        JobRow job = jobs.get(jobId);
        if (job == null || job.artifacts() == null || job.artifacts().testPredictions() == null) {
            throw new ImagesUnavailable("job " + jobId + " has no stored test predictions");
        }
        return job;
    }

    private int[] predictions(JobRow job) {
        return predictions.computeIfAbsent(job.jobId(), id -> Npy.readInts(store.get(ref(job.artifacts().testPredictions()))));
    }

    private UnaryOperator<FloatMatrix> reconstruction(JobRow job) {
        if (job.reducer().equals("raw")) {
            return x -> x;
        }
        JobRow.Link model = job.artifacts().reducerModel();
        if (model == null) {
            throw new ImagesUnavailable("job " + job.jobId() + " names no reducer model");
        }
        return reconstructions.computeIfAbsent(model.key(), key -> {
            Reducer reducer = Reducers.restore(job.reducer(), store.get(ref(model)), images().cols());
            return x -> reducer.decode(reducer.encode(x));
        });
    }

    private int[] truth() {
        if (truth == null) {
            truth = Npy.readInts(store.get(stored(test.getLabels(), "labels")));
        }
        return truth;
    }

    private FloatMatrix images() {
        if (images == null) {
            images = Npy.readFloatMatrix(store.get(stored(test.getFeatures(), "images")));
        }
        return images;
    }

    private ArtifactRef stored(ArtifactRef ref, String what) {
        if (ref.getKey().isEmpty()) {
            throw new ImagesUnavailable("the run's test split names no " + what);
        }
        return ref;
    }

    private static ArtifactRef ref(JobRow.Link link) {
        return ArtifactRef.newBuilder().setKey(link.key()).setSha256(link.sha256()).setSize(link.size()).build();
    }

    /** The images of a comparison cannot be drawn: the reason, for the log. */
    private static final class ImagesUnavailable extends RuntimeException {
        ImagesUnavailable(String message) {
            super(message);
        }
    }
}
