package io.latentlab.ml.image;

/**
 * A PNG that {@link DigitPng#read} refuses, with the reason (which limit, which value): not a PNG, a malformed or
 * truncated chunk, or an image of another shape or kind than a digit's. The only exception bad bytes can cause.
 */
public class InvalidPngException extends IllegalArgumentException {
    public InvalidPngException(String message) {
        super(message);
    }
}
