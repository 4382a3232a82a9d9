package io.latentlab.launcher.bench;

import java.util.Map;

/**
 * Per-epoch seconds of each network shape, measured alone on one core and, right after, with {@code partners}
 * other trainings of the same shape running on the other cores ({@code alongside}; empty on one core).
 */
record Calibration(Map<String, Double> alone, Map<String, Double> alongside, int partners) {
}
