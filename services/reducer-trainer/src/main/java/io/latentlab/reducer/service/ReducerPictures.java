package io.latentlab.reducer.service;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.image.Pictures;
import io.latentlab.ml.reduce.Reducer;
import io.latentlab.proto.Picture;
import io.latentlab.proto.ReducerJob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pictures docs/study.md asks of a reducer: reconstructions, encoder weights, learning curve. */
final class ReducerPictures {

    static final int IMAGES_PER_SPLIT = 10;
    private static final int SCALE = 2;
    private static final int WEIGHT_GRID_COLUMNS = 16;
    private static final String[] SPLITS = {"train", "val", "test"};

    private ReducerPictures() {
    }

    static List<Picture> of(ArtifactStore store, String prefix, ReducerJob job, ReducerInput input, FittedReducer fitted) {
        List<Picture> pictures = new ArrayList<>(job.getPicturesList());
        pictures.add(reconstructions(store, prefix, job, input, fitted.reducer()));
        if (fitted.encoderWeights() != null && showsWeights(job)) {
            pictures.add(picture(store, prefix, "weights-" + job.getJobId(),
                    "Encoder weights of " + describe(job) + ": one 28x28 tile per hidden unit",
                    Pictures.weightGrid(fitted.encoderWeights(), WEIGHT_GRID_COLUMNS, 1)));
        }
        if (fitted.outcome() != null) {
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put("train MSE", fitted.outcome().trainLoss());
            curves.put("val MSE", fitted.outcome().valLoss());
            pictures.add(picture(store, prefix, "curve-" + job.getJobId(), "Learning curve of " + describe(job),
                    Pictures.learningCurves(describe(job), curves)));
        }
        return pictures;
    }

    /** docs/study.md: the weights of the k = 256 one-hidden-layer autoencoder and of every denoising one. */
    static boolean showsWeights(ReducerJob job) {
        return job.getKind().equals("dae") || (job.getKind().equals("ae1") && job.getK() == 256);
    }

    static String describe(ReducerJob job) {
        String noise = job.getKind().equals("dae") ? " noise " + job.getNoiseFactor() : "";
        return job.getKind().toUpperCase() + noise + " k=" + job.getK();
    }

    private static Picture reconstructions(ArtifactStore store, String prefix, ReducerJob job, ReducerInput input,
                                           Reducer reducer) {
        List<String> labels = new ArrayList<>();
        List<FloatMatrix> rows = new ArrayList<>();
        LabeledData[] clean = ReducerInput.each(input.clean());
        LabeledData[] fed = ReducerInput.each(input.fed());
        for (int split = 0; split < SPLITS.length; split++) {
            FloatMatrix shown = clean[split].x().head(IMAGES_PER_SPLIT);
            FloatMatrix fedShown = fed[split].x().head(IMAGES_PER_SPLIT);
            labels.add(SPLITS[split] + " original");
            rows.add(shown);
            if (input.denoising()) {
                labels.add(SPLITS[split] + " noisy");
                rows.add(fedShown);
            }
            labels.add(SPLITS[split] + " reconstructed");
            rows.add(reducer.decode(reducer.encode(fedShown)));
        }
        return picture(store, prefix, "recon-" + job.getJobId(),
                "Original vs reconstructed images (" + IMAGES_PER_SPLIT + " per split), " + describe(job),
                Pictures.imageRows(labels, rows, IMAGES_PER_SPLIT, SCALE));
    }

    private static Picture picture(ArtifactStore store, String prefix, String name, String caption, byte[] png) {
        return Picture.newBuilder().setName(name).setCaption(caption).setImage(store.put(prefix + name + ".png", png)).build();
    }
}
