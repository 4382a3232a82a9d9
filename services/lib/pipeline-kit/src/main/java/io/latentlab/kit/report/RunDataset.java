package io.latentlab.kit.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The dataset a run's report.json names at its top level ({@code "dataset": {"name", "classNames", "sha256"}}).
 * A report written before datasets were named is MNIST: its classes are the request's {@code digits} (all ten
 * when it names none), as strings.
 */
public record RunDataset(String name, List<String> classNames, String sha256) {

    public static final String MNIST = "mnist";

    public static RunDataset of(JsonNode report) {
        JsonNode dataset = report.path("dataset");
        String name = dataset.path("name").asText("");
        List<String> classNames = new ArrayList<>();
        dataset.path("classNames").forEach(c -> classNames.add(c.asText()));
        if (name.isBlank()) {
            name = MNIST;
        }
        if (classNames.isEmpty() && name.equals(MNIST)) {
            report.path("request").path("digits").forEach(d -> classNames.add(d.asText()));
            if (classNames.isEmpty()) {
                IntStream.range(0, 10).forEach(d -> classNames.add(String.valueOf(d)));
            }
        }
        return new RunDataset(name, List.copyOf(classNames), dataset.path("sha256").asText(""));
    }
}
