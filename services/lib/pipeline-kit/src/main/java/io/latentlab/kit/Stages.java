package io.latentlab.kit;

import java.util.List;

/** The pipeline's stages, in the order a run passes through them (control's run view and the CLI's progress bars). */
public final class Stages {

    public static final String DATA_PREP = "data-prep";
    public static final String NOISE_INJECTOR = "noise-injector";
    public static final String REDUCER_TRAINER = "reducer-trainer";
    public static final String CLASSIFIER_TRAINER = "classifier-trainer";
    public static final String EVALUATOR = "evaluator";

    public static final List<String> IN_ORDER =
            List.of(DATA_PREP, NOISE_INJECTOR, REDUCER_TRAINER, CLASSIFIER_TRAINER, EVALUATOR);

    private Stages() {
    }
}
