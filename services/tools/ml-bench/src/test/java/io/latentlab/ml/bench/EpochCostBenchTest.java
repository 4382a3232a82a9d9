package io.latentlab.ml.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EpochCostBenchTest {

    @Test
    void withAlongsideEachShapeIsTimedAloneAndThenBesideItsPartners() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            EpochCostBench.main(new String[] {"--alongside", "1", "256", "64", "ae:16-4-16", "mlp:8-16-3"});
        } finally {
            System.setOut(stdout);
        }

        assertThat(buffer.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).matches("ae:16-4-16 \\d+\\.\\d{4} \\d+\\.\\d{4}"),
                line -> assertThat(line).matches("mlp:8-16-3 \\d+\\.\\d{4} \\d+\\.\\d{4}"));
        assertThat(partnersAlive()).as("partner trainings still running after the calibration").isZero();
    }

    @Test
    void thePartnersStopWhenTheMeasuredTrainingEnds() {
        double seconds = EpochCostBench.secondsPerEpochAlongside(2, "ae:16-8-16", 512, 64);

        assertThat(seconds).isPositive().isLessThan(60);
        assertThat(partnersAlive()).isZero();
    }

    private static long partnersAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("calibration-partner-") && t.isAlive()).count();
    }
}
