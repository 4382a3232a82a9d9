package io.latentlab.classifier.service;

import io.latentlab.kit.jobs.JobKeys;
import io.latentlab.kit.progress.ProgressReporter;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.classify.MlpClassifier;
import io.latentlab.ml.classify.TrainedClassifier;
import io.latentlab.ml.train.TrainingConfig;
import io.latentlab.ml.data.LabeledData;
import io.latentlab.ml.image.Pictures;
import io.latentlab.ml.io.Npy;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.Picture;
import io.latentlab.proto.TrainingSettings;
import io.latentlab.runtime.data.DatasetStore;
import io.latentlab.ml.train.EpochListener;
import io.latentlab.runtime.jobs.JobRunner;
import io.latentlab.runtime.jobs.JobSpec;
import io.latentlab.runtime.messaging.Channels;
import io.latentlab.runtime.messaging.KeyedSender;
import io.latentlab.runtime.messaging.ProgressPublisher;
import io.latentlab.runtime.provenance.TrainingEnvironment;
import io.latentlab.ml.data.FloatMatrix;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains one MLP (one architecture on one reducer's codes) with early stopping, stores the model, its
 * predicted classes for validation and test and its class probabilities for every test image (so that
 * anyone can recompute a statistic with numpy), and publishes the result. Idempotent like every job.
 */
@ApplicationScoped
public class ClassifierTrainingService {

    static final String STAGE = "classifier-trainer";
    /** 2: results carry the test probabilities and the training environment. */
    static final String VERSION = "2";
    private static final Logger LOG = Logger.getLogger(ClassifierTrainingService.class);

    private final DatasetStore datasets;
    private final ArtifactStore store;
    private final JobRunner jobs;
    private final ProgressReporter progress;
    private final MutinyEmitter<ClassifierResult> results;
    private final TrainingEnvironment environment;

    public ClassifierTrainingService(DatasetStore datasets, ArtifactStore store, JobRunner jobs,
                                     ProgressPublisher progress,
                                     @Channel(Channels.CLASSIFIER_RESULTS) MutinyEmitter<ClassifierResult> results,
                                     TrainingEnvironment environment) {
        this.datasets = datasets;
        this.store = store;
        this.jobs = jobs;
        this.progress = progress.reporter();
        this.results = results;
        this.environment = environment;
    }

    public void run(ClassifierJob job) {
        ClassifierJob config = ClassifierJob.newBuilder()
                .setArchitecture(job.getArchitecture()).setTraining(job.getTraining())
                .setSeed(job.getSeed()).setNumClasses(job.getNumClasses()).build();
        String jobKey = job.getDisableJobReuse()
                // reuse off: a key of this run's own, so the job trains anew (and is still idempotent within the run)
                ? JobKeys.of(STAGE, VERSION, config, job.getReducer().getCodes().getSha256(), "run:" + job.getRunId())
                : JobKeys.of(STAGE, VERSION, config, job.getReducer().getCodes().getSha256());
        String prefix = StoreKeys.job(STAGE, jobKey);
        jobs.runOnce(new JobSpec<>(job.getRunId(), job.getJobId(), prefix, ClassifierResult.parser(),
                                ClassifierResult::getTrainedByRun, done -> done.toBuilder().setJob(job).build(),
                                job.getPriority(), (result, timing) -> result.toBuilder().setTiming(timing).build()),
                        listener -> train(job, jobKey, prefix, listener))
                .ifPresent(result -> KeyedSender.sendAndAwait(results, job.getRunId() + "/" + job.getJobId(), result));
    }

    private Picture learningCurve(ClassifierJob job, TrainedClassifier classifier, String prefix) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train loss", classifier.trainLoss());
        curves.put("val loss", classifier.valLoss());
        byte[] png = Pictures.learningCurves("classifier " + job.getJobId(), curves);
        return Picture.newBuilder()
                .setName("curve-" + job.getJobId())
                .setCaption("Learning curve (cross-entropy per epoch) of classifier " + job.getJobId())
                .setImage(store.put(prefix + "learning-curve.png", png))
                .build();
    }

    private ClassifierResult train(ClassifierJob job, String jobKey, String prefix, EpochListener listener) {
        TrainingSettings settings = job.getTraining();
        progress.started(job.getRunId(), job.getJobId(), "%s %s on %d-d codes".formatted(
                job.getArchitecture().getName(), job.getArchitecture().getHiddenList(), job.getReducer().getK()));
        DatasetRef codes = job.getReducer().getCodes();
        LabeledData train = datasets.load(codes.getTrain());
        LabeledData val = datasets.load(codes.getVal());
        LabeledData test = datasets.load(codes.getTest());
        int[] hidden = job.getArchitecture().getHiddenList().stream().mapToInt(Integer::intValue).toArray();
        TrainingConfig config = new TrainingConfig(settings.getLearningRate(), settings.getBatchSize(),
                settings.getMaxEpochs(), settings.getPatience(), job.getSeed());
        TrainedClassifier classifier = MlpClassifier.train(train, val, job.getNumClasses(), hidden, config, listener);
        FloatMatrix testProbabilities = classifier.probabilities(test.x());

        ClassifierResult result = ClassifierResult.newBuilder()
                .setJob(job)
                .setJobKey(jobKey)
                .setTrainedByRun(job.getRunId())
                .setModel(store.put(prefix + "model.zip", classifier.toBytes()))
                .setValPredictions(store.put(prefix + "val-predictions.npy", Npy.writeInts(classifier.predict(val.x()))))
                // the test images' classes from their probabilities: one forward pass over the test split, not two
                .setTestPredictions(store.put(prefix + "test-predictions.npy",
                        Npy.writeInts(TrainedClassifier.mostProbable(testProbabilities))))
                .setTestProbabilities(store.put(prefix + "test-probabilities.npy", Npy.write(testProbabilities)))
                .setEnvironment(environment.describe())
                .setEpochs(classifier.epochs())
                .setBestEpoch(classifier.bestEpoch())
                .setTrainSeconds(classifier.trainSeconds())
                .addAllTrainLoss(Arrays.stream(classifier.trainLoss()).boxed().toList())
                .addAllValLoss(Arrays.stream(classifier.valLoss()).boxed().toList())
                .addPictures(learningCurve(job, classifier, prefix))
                .build();
        progress.finished(job.getRunId(), job.getJobId(), "%d epochs (best %d) in %.1fs".formatted(
                result.getEpochs(), result.getBestEpoch(), result.getTrainSeconds()));
        LOG.infof("%s %s: %d epochs in %.1fs", job.getRunId(), job.getJobId(), result.getEpochs(), result.getTrainSeconds());
        return result;
    }
}
