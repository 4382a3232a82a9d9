package io.latentlab.model.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A 28×28 image as JSON: 784 values in [0, 1], row by row, ink bright (MNIST's convention). */
public record PixelsRequest(
        @Schema(description = "784 values in [0, 1], row-major, 1 = ink", minItems = 784, maxItems = 784)
        List<Double> pixels) {
}
