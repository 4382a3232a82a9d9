package io.latentlab.launcher.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calibration: every network shape of the run trained for a few epochs alone, on one core, and (with
 * {@code partners} &gt; 0) right after with that many others of its shape training on the other cores, by
 * ml-bench's EpochCostBench in a JVM of its own (the launcher carries no ND4J). Its classpath comes
 * from {@code LATENTLAB_ML_CLASSPATH}, which ./latentlab sets (or the system property {@code latentlab.ml.classpath}).
 */
final class EpochCosts {

    private EpochCosts() {
    }

    static Calibration measure(Set<String> shapes, long trainRows, long valRows, int partners, PrintStream out) {
        String classpath = System.getProperty("latentlab.ml.classpath", System.getenv("LATENTLAB_ML_CLASSPATH"));
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("LATENTLAB_ML_CLASSPATH is not set: run the bench through ./latentlab bench study");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx2g", "-cp", classpath,
                "io.latentlab.ml.bench.EpochCostBench", "--alongside", Integer.toString(partners),
                Long.toString(trainRows), Long.toString(valRows)));
        command.addAll(shapes);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("OMP_NUM_THREADS", "1");
        Map<String, Double> costs = new LinkedHashMap<>();
        Map<String, Double> alongside = new LinkedHashMap<>();
        try {
            Process process = builder.start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length == (partners > 0 ? 3 : 2) && shapes.contains(parts[0])) {
                        costs.put(parts[0], Double.parseDouble(parts[1]));
                        if (partners > 0) {
                            alongside.put(parts[0], Double.parseDouble(parts[2]));
                            out.printf("  calibrated %d/%d: %s %s s/epoch alone, %s s/epoch with %d more training%n", costs.size(),
                                    shapes.size(), parts[0], parts[1], parts[2], partners);
                        } else {
                            out.printf("  calibrated %d/%d: %s %s s/epoch%n", costs.size(), shapes.size(), parts[0], parts[1]);
                        }
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || costs.size() != shapes.size()) {
                throw new IllegalStateException("the calibration (EpochCostBench) exited with " + exit + " after "
                        + costs.size() + " of " + shapes.size() + " networks");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the calibration JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the calibration", e);
        }
        return new Calibration(costs, alongside, partners);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
