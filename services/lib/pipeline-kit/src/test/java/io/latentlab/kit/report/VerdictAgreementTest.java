package io.latentlab.kit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class VerdictAgreementTest {

    @Test
    void eachVerdictComparisonSaysWhetherItHoldsOnBothDatasets() {
        RunComparison.Result result = RunComparison.compare(CrossDatasetReports.mnistThenFashion());

        assertThat(result.verdicts()).extracting(VerdictAgreement.Line::claim, VerdictAgreement.Line::outcome,
                VerdictAgreement.Line::summary).containsExactly(
                tuple("AE-1 vs PCA at the same k", VerdictAgreement.HOLDS, "holds on both"),
                tuple("AE-1 vs raw pixels", VerdictAgreement.ONLY_SOME, "only on mnist"),
                tuple("DAE-20 vs PCA at the same k", VerdictAgreement.WITHIN_NOISE, "within noise on both"),
                tuple("DAE-20 vs raw pixels", VerdictAgreement.OPPOSITE,
                        "opposite: DAE-20 ahead on mnist, raw pixels ahead on fashion"),
                tuple("DAE-20 vs AE-1 at k=64", VerdictAgreement.NOT_EVERYWHERE, "only compared on mnist"));
    }

    @Test
    void eachSideKeepsItsOwnBestKAndItsAdjustedPValueWhereverTheReportPutsIt() {
        VerdictAgreement.Line aeVsPca = RunComparison.compare(CrossDatasetReports.mnistThenFashion()).verdicts().get(0);

        assertThat(aeVsPca.sides()).extracting(VerdictAgreement.Side::dataset, VerdictAgreement.Side::k,
                        VerdictAgreement.Side::a, VerdictAgreement.Side::pValue, VerdictAgreement.Side::pAdjusted,
                        VerdictAgreement.Side::correction, VerdictAgreement.Side::significant)
                .containsExactly(tuple("mnist", 64, "AE-1 at k=64 (A1)", 0.002, 0.008, "holm", true),
                        tuple("fashion", 16, "AE-1 at k=16 (A1)", 0.001, 0.005, "holm", true));
        assertThat(aeVsPca.sides().get(1).ci95()).containsExactly(0.012, 0.028);
    }

    @Test
    void theSignificantFlagIsReadNotRecomputed() throws Exception {
        // an interval that excludes 0 and a small p, but the report says "not significant" (say, after correction)
        String comparison = """
                {"kind":"vs-pca","a":{"family":"ae1","label":"AE-1 at k=16 (A1)","k":16},
                 "b":{"family":"pca","label":"PCA at k=16 (A1)","k":16},
                 "result":{"difference":0.01,"ci95":[0.002,0.018],"pValue":0.01,"pAdjusted":0.06,"significant":%s}}""";
        Map<String, com.fasterxml.jackson.databind.JsonNode> reports = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        reports.put("one", json.readTree("{\"comparisons\":[" + comparison.formatted("false") + "]}"));
        reports.put("two", json.readTree("{\"comparisons\":[" + comparison.formatted("true") + "]}"));

        VerdictAgreement.Line line = RunComparison.compare(reports).verdicts().get(0);

        assertThat(line.outcome()).isEqualTo(VerdictAgreement.ONLY_SOME);
        assertThat(line.summary()).as("two MNIST runs are named by run id").isEqualTo("only on two");
    }

    @Test
    void threeRunsHoldOnAllThree() {
        Map<String, com.fasterxml.jackson.databind.JsonNode> reports = new LinkedHashMap<>(CrossDatasetReports.mnistThenFashion());
        reports.put("mnist-again", CrossDatasetReports.read("mnist-report.json"));

        List<VerdictAgreement.Line> lines = RunComparison.compare(reports).verdicts();

        assertThat(lines.get(0).summary()).isEqualTo("holds on all 3");
        assertThat(lines.get(2).summary()).isEqualTo("within noise on all 3");
    }

    @Test
    void aReportWithoutADatasetIsMnistWithTheDigitsItRan() throws Exception {
        ObjectMapper json = new ObjectMapper();

        RunDataset old = RunDataset.of(json.readTree("{\"request\":{\"digits\":[3,8]},\"dataset\":{\"sha256\":\"abc\"}}"));
        RunDataset oldest = RunDataset.of(json.readTree("{}"));

        assertThat(old).isEqualTo(new RunDataset("mnist", List.of("3", "8"), "abc"));
        assertThat(oldest.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(RunDataset.of(CrossDatasetReports.read("fashion-report.json")))
                .isEqualTo(new RunDataset("fashion", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"), "bb22"));
    }
}
