package io.latentlab.evaluator.report;

import io.latentlab.evaluator.stats.Estimate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.latentlab.evaluator.report.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfigurationsTest {

    @Test
    void aConfigurationsSeedsBecomeOneRowWithMeanSpreadAndInterval() {
        // test accuracies 950/1000, 960/1000, 970/1000: mean 0.96, s = 0.01, t(0.975, 2) = 4.302653
        // -> 0.96 -/+ 0.0248414; MSE 0.010, 0.012, 0.014 -> mean 0.012, s = 0.002, half width 0.0049683
        List<ReportRow> rows = Configurations.aggregate(List.of(
                job("pca", 64, "A1", null, 2, 0.97, 970, 1000, 0.014),
                job("pca", 64, "A1", null, 0, 0.95, 950, 1000, 0.010),
                job("pca", 64, "A1", null, 1, 0.96, 960, 1000, 0.012)));

        assertThat(rows).hasSize(1);
        ReportRow row = rows.get(0);
        assertThat(row.jobId()).isEqualTo("pca-k64-A1");
        assertThat(row.n()).isEqualTo(3);
        assertThat(row.testAccuracy()).isCloseTo(0.96, within(1e-12));
        Estimate test = row.stats().testAccuracy();
        assertThat(test.method()).isEqualTo(Estimate.T);
        assertThat(test.std()).isCloseTo(0.01, within(1e-12));
        assertThat(test.ci95().get(0)).isCloseTo(0.9351586, within(1e-7));
        assertThat(test.ci95().get(1)).isCloseTo(0.9848414, within(1e-7));
        assertThat(row.stats().reconMseTest().mean()).isCloseTo(0.012, within(1e-12));
        assertThat(row.stats().reconMseTest().halfWidth()).isCloseTo(0.0049683, within(1e-7));
        assertThat(row.reconMse().test()).isCloseTo(0.012, within(1e-12));
        assertThat(row.perSeed()).extracting(ReportRow.SeedResult::jobId)
                .containsExactly("pca-k64-A1", "pca-k64-s2-A1", "pca-k64-s3-A1");
        assertThat(row.perSeed()).extracting(ReportRow.SeedResult::seed).containsExactly(100L, 101L, 102L);
        // confusion matrices are summed over the seeds: 3000 test images
        assertThat(row.confusionTest()[0][0] + row.confusionTest()[0][1]).isEqualTo(3000);
        assertThat(row.confusionTest()[0][0]).isEqualTo(2880);
        assertThat(row.trainSeconds()).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void oneSeedGivesTheBinomialIntervalOfItsImagesAndNoSpread() {
        ReportRow row = Configurations.aggregate(List.of(job("raw", 784, "A1", null, 0, 0.97, 240, 250, null))).get(0);

        assertThat(row.n()).isEqualTo(1);
        assertThat(row.reconMse()).isNull();
        assertThat(row.stats().reconMseTest()).isNull();
        assertThat(row.stats().testAccuracy().std()).isNull();
        assertThat(row.stats().testAccuracy().method()).isEqualTo(Estimate.WILSON);
        // Wilson 240/250: 0.9279473 .. 0.9781301 (see EstimatesTest)
        assertThat(row.stats().testAccuracy().ci95().get(0)).isCloseTo(0.9279473, within(1e-7));
        assertThat(row.stats().testAccuracy().ci95().get(1)).isCloseTo(0.9781301, within(1e-7));
    }

    @Test
    void differentConfigurationsStayApartAndComeInStudyOrder() {
        List<ReportRow> rows = Configurations.aggregate(List.of(
                job("dae", 256, "A1", 0.4, 0, 0.9, 200, 250, 0.03),
                job("dae", 256, "A1", 0.2, 0, 0.9, 210, 250, 0.02),
                job("pca", 32, "A2", null, 0, 0.9, 220, 250, 0.02),
                job("pca", 32, "A1", null, 0, 0.9, 225, 250, 0.02)));
        assertThat(rows).extracting(ReportRow::jobId)
                .containsExactly("pca-k32-A1", "pca-k32-A2", "dae20-k256-A1", "dae40-k256-A1");
    }
}
