package io.latentlab.launcher.cli;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.launcher.DatasetStager;
import io.latentlab.launcher.FashionMnist;
import io.latentlab.launcher.LauncherConfig;
import io.latentlab.ml.data.DatasetManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** ./latentlab stage-dataset: four IDX files checked and staged as a named dataset (docs/datasets.md). */
@Command(name = "stage-dataset", description = {
        "Check four IDX files (gzipped or not: magic numbers, counts, 28x28 images, labels vs class names) and stage them"
                + " as a dataset a run request can name (\"dataset\": NAME).",
        "--name fashion-mnist without files fetches Debian's dataset-fashion-mnist and stages it."})
public final class StageDatasetCommand implements Callable<Integer> {

    private final LauncherConfig config;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "the dataset's name (" + DatasetManifest.NAME_RULE + ")")
    String name;

    @Option(names = "--train-images", paramLabel = "FILE", description = "IDX3 training images (28x28)")
    Path trainImages;

    @Option(names = "--train-labels", paramLabel = "FILE", description = "IDX1 training labels")
    Path trainLabels;

    @Option(names = "--test-images", paramLabel = "FILE", description = "IDX3 test images (28x28)")
    Path testImages;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX1 test labels")
    Path testLabels;

    @Option(names = "--class-names", paramLabel = "A,B,...", split = ",",
            description = "the names of label values 0, 1, ... (default: the values themselves)")
    List<String> classNames;

    @Option(names = "--source", paramLabel = "TEXT", description = "where the files came from (kept in the manifest)")
    String source;

    public StageDatasetCommand(LauncherConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        List<Path> files = Arrays.asList(trainImages, trainLabels, testImages, testLabels);
        boolean fashion = FashionMnist.NAME.equals(name) && files.stream().allMatch(f -> f == null);
        if (!fashion && files.stream().anyMatch(f -> f == null)) {
            throw new IllegalArgumentException("stage-dataset needs --train-images, --train-labels, --test-images and"
                    + " --test-labels (only --name fashion-mnist fetches its own files)");
        }
        try (ArtifactStore store = RunFollower.openStore(config)) {
            store.ensureBucket();
            DatasetManifest manifest = fashion ? FashionMnist.stage(store)
                    : DatasetStager.stage(store, name, classNames == null ? List.of() : classNames,
                    new DatasetStager.Files4(trainImages, trainLabels, testImages, testLabels),
                    source == null ? "staged with ./latentlab stage-dataset" : source);
            System.out.println("dataset " + manifest.name() + " staged: " + manifest.classNames().size() + " classes ("
                    + String.join(", ", manifest.classNames()) + "), sha256 " + manifest.sha256());
            return 0;
        }
    }
}
