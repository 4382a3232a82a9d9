package io.latentlab.ml.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Locale;
import java.util.function.Function;

/**
 * Which {@link BatchStep} trainings use: system property {@code latentlab.trainer}, else env
 * {@code LATENTLAB_TRAINER}: {@code lean} (default, {@link LeanStep}) or {@code fit} ({@link FitStep}).
 */
public final class Steps {

    public static final String PROPERTY = "latentlab.trainer";
    public static final String ENV = "LATENTLAB_TRAINER";

    private Steps() {
    }

    public static Function<MultiLayerNetwork, BatchStep> configured() {
        String prop = System.getProperty(PROPERTY);
        String value = prop != null && !prop.isBlank() ? prop : System.getenv(ENV);
        return named(value == null || value.isBlank() ? "lean" : value);
    }

    public static Function<MultiLayerNetwork, BatchStep> named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "lean" -> LeanStep::new;
            case "fit" -> FitStep::new;
            default -> throw new IllegalArgumentException("unknown trainer '" + name + "' (" + PROPERTY + " / "
                    + ENV + "): use lean or fit");
        };
    }
}
