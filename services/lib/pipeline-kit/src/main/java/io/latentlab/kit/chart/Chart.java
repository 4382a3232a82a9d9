package io.latentlab.kit.chart;

/** One chart of the report: a self-contained SVG document, its file name (without ".svg") and caption. */
public record Chart(String name, String caption, String svg) {
}
