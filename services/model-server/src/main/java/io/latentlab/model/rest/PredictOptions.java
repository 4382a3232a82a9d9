package io.latentlab.model.rest;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query of a prediction, as text: {@link PredictResource} parses it so that a bad value is a 400 with a reason. */
public class PredictOptions {

    @QueryParam("noise")
    @Parameter(description = "noise factor in [0, 1] (default 0): clip(x + f·N(0, 1), 0, 1) before encoding, the "
            + "noise injector's formula")
    String noise;

    @QueryParam("seed")
    @Parameter(description = "seed of the noise (default 0): the same image, noise and seed, the same answer")
    String seed;

    @QueryParam("all")
    @Parameter(description = "true: every architecture's probabilities, not only the best one's")
    String all;
}
