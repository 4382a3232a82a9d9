package io.latentlab.model.service;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.data.Noise;
import io.latentlab.ml.image.DigitPng;
import io.latentlab.ml.metrics.Metrics;
import io.latentlab.model.service.Prediction.ClassifierAnswer;
import io.latentlab.model.service.Prediction.ReducerAnswer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One image through every model of a run. The image is fed exactly as the stages fed theirs: 784 values in
 * [0, 1], optionally noised with the study's formula ({@link Noise#gaussian}: clip(x + f·N(0, 1), 0, 1)), encoded
 * by each reducer and classified by the classifiers trained on its codes, which standardize with the training
 * split's statistics they were stored with.
 */
@ApplicationScoped
public class PredictionService {

    static final String TIMER = "latentlab.model.predict";

    private final ModelCache cache;
    private final RunModelsLoader loader;
    private final MeterRegistry registry;

    public PredictionService(ModelCache cache, RunModelsLoader loader, MeterRegistry registry) {
        this.cache = cache;
        this.loader = loader;
        this.registry = registry;
    }

    /**
     * @param image one row of 784 values in [0, 1]
     * @param noise the noise factor (0: none)
     * @param seed  the noise generator's seed: the same image, noise and seed give the same answer
     * @param all   also every architecture's answer, not only the best one's
     */
    public Prediction predict(String runId, FloatMatrix image, double noise, long seed, boolean all) {
        requireImage(image);
        if (!(noise >= 0 && noise <= 1)) {
            throw new BadPredictionRequestException("noise must be in [0, 1], got " + noise);
        }
        RunModels run = cache.get(runId, loader);
        FloatMatrix fed = noise > 0 ? Noise.gaussian(image, noise, seed) : image;
        ReducerAnswer raw = null;
        List<ReducerAnswer> reducers = new ArrayList<>();
        for (ReducerModels reducer : run.reducers()) {
            Timer.Sample sample = Timer.start(registry);
            ReducerAnswer answer = answer(run, reducer, image, fed, all);
            sample.stop(timer(reducer.name()));
            if (reducer.raw()) {
                raw = answer;
            } else {
                reducers.add(answer);
            }
        }
        return new Prediction(runId, run.digits(), run.classNames(), noise, seed, dataUrl(fed.data()), raw, reducers);
    }

    public TestImage testImage(String runId, Integer index) {
        RunModels run = cache.get(runId, loader);
        int count = run.testLabels().length;
        int i = index == null ? ThreadLocalRandom.current().nextInt(count) : index;
        if (i < 0 || i >= count) {
            throw new BadPredictionRequestException("run " + runId + " has test images 0.." + (count - 1) + ", not " + i);
        }
        float[] pixels = run.testImages().row(i);
        return new TestImage(runId, i, run.digits().get(run.testLabels()[i]),
                run.classNames().get(run.testLabels()[i]), pixels, dataUrl(pixels));
    }

    private static ReducerAnswer answer(RunModels run, ReducerModels reducer, FloatMatrix clean, FloatMatrix fed,
                                        boolean all) {
        float[] code = reducer.reducer().encode(fed.data());
        float[] reconstruction = reducer.reducer().decode(code);
        List<ClassifierAnswer> architectures = new ArrayList<>();
        ClassifierAnswer best = null;
        for (ClassifierModel classifier : reducer.classifiers()) {
            if (all || classifier == reducer.best()) {
                ClassifierAnswer answer = classify(run, classifier, code);
                if (classifier == reducer.best()) {
                    best = answer;
                }
                if (all) {
                    architectures.add(answer);
                }
            }
        }
        return new ReducerAnswer(reducer.name(), reducer.kind(), reducer.k(), reducer.noise(),
                reducer.raw() ? null : code, reducer.raw() ? null : reconstruction, dataUrl(reconstruction),
                reducer.raw() ? 0 : Metrics.meanSquaredError(clean, new FloatMatrix(1, reconstruction.length, reconstruction)),
                best, architectures);
    }

    private static ClassifierAnswer classify(RunModels run, ClassifierModel model, float[] code) {
        float[] p = model.classifier().probabilities(code);
        int top = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[top]) {
                top = c;
            }
        }
        return new ClassifierAnswer(model.arch(), model.jobId(), model.valAccuracy(), model.testAccuracy(),
                run.digits().get(top), run.classNames().get(top), p[top], p);
    }

    private Timer timer(String model) {
        return Timer.builder(TIMER).description("one image through one reducer and its classifiers")
                .tag("model", model).publishPercentileHistogram().register(registry);
    }

    private static void requireImage(FloatMatrix image) {
        if (image.rows() != 1 || image.cols() != DigitPng.PIXELS) {
            throw new BadPredictionRequestException("an image is " + DigitPng.PIXELS + " pixels, got "
                    + (long) image.rows() * image.cols());
        }
        float[] pixels = image.data();
        for (int p = 0; p < pixels.length; p++) {
            if (!(pixels[p] >= 0 && pixels[p] <= 1)) {
                throw new BadPredictionRequestException("pixel " + p + " is " + pixels[p] + ", outside [0, 1]");
            }
        }
    }

    private static String dataUrl(float[] pixels) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(DigitPng.write(pixels));
    }
}
