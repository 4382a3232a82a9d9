package io.latentlab.ml.data;

public record Splits(LabeledData train, LabeledData val, LabeledData test) {
}
