package io.latentlab.evaluator.chart;

import io.latentlab.kit.chart.Svg;
import io.latentlab.kit.chart.Chart;
import io.latentlab.evaluator.report.Configurations;
import io.latentlab.evaluator.report.JobRow;
import io.latentlab.evaluator.report.ReportRow;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StudyChartsTest {

    /** Two seeds of raw (A1, A2), PCA and AE-1 at k = 32..256 (A1, A2), DAE-20 at 256. */
    private static List<ReportRow> rows() {
        List<JobRow> jobs = new ArrayList<>();
        for (int repeat = 0; repeat < 2; repeat++) {
            for (String arch : List.of("A1", "A2")) {
                jobs.add(job("raw", 784, arch, null, repeat, 240 - repeat, null));
                for (int k : List.of(32, 64, 128, 256)) {
                    jobs.add(job("pca", k, arch, null, repeat, 200 + k / 8 + repeat, 0.04 - k / 10000.0));
                    jobs.add(job("ae1", k, arch, null, repeat, 205 + k / 8 - repeat, 0.03 - k / 10000.0 + repeat / 1000.0));
                }
                jobs.add(job("dae", 256, arch, 0.2, repeat, 230, 0.011));
            }
        }
        return Configurations.aggregate(jobs);
    }

    private static JobRow job(String reducer, int k, String arch, Double noise, int repeat, int correct, Double mse) {
        BitSet bits = new BitSet();
        bits.set(0, correct);
        String id = reducer + "-k" + k + "-" + arch + "-" + repeat + noise;
        return new JobRow(id, reducer, k, arch, noise, repeat, repeat + 1, arch.equals("A1") ? 0.9 : 0.8,
                correct / 250.0, 250, JobRow.encode(bits), mse == null ? null : new ReportRow.Recon(mse, mse, mse), null,
                5, 3, 2.5, reducer.equals("raw") ? 0 : 4.0, new int[][]{{1}}, new int[][]{{correct, 250 - correct}},
                new double[0], new double[0], List.of(), null, null, null, null, null, null);
    }

    @Test
    void accuracyAgainstKHasLog2TicksALinePerFamilyTheRawReferenceAndErrorBars() throws Exception {
        Chart chart = StudyCharts.of(rows()).stream().filter(c -> c.name().equals(StudyCharts.ACCURACY_VS_K))
                .findFirst().orElseThrow();

        assertThat(chart.caption()).isEqualTo("Test accuracy vs k");
        Document svg = parse(chart.svg());
        List<String> texts = texts(svg);
        assertThat(texts).contains("32", "64", "128", "256", "code size k (log\u2082 scale)", "test accuracy (%)",
                "Legend", "PCA", "AE-1", "DAE-20", "raw pixels (A1)", "bars: 95 % interval");
        // one polyline per family with more than one k, a dot per (family, k), a dashed raw reference line
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(9 + 3); // points + legend markers
        assertThat(chart.svg()).contains("stroke-dasharray=\"6 4\"", "class=\"band\"");
        // the best architecture per k (validation: A1) is written at each point
        assertThat(texts.stream().filter("A1"::equals).count()).isEqualTo(9);
        // y ticks are percentages
        assertThat(texts).anySatisfy(t -> assertThat(t).matches("\\d{2,3}(\\.\\d)?"));
    }

    @Test
    void reconstructionErrorUsesALogAxisAndTrainingTimeStacksStagesByFamily() throws Exception {
        List<Chart> charts = StudyCharts.of(rows());
        assertThat(charts).extracting(Chart::name).containsExactly(StudyCharts.ACCURACY_VS_K, StudyCharts.MSE_VS_K,
                StudyCharts.TRAINING_TIME);

        List<String> mse = texts(parse(charts.get(1).svg()));
        assertThat(mse).contains("reconstruction MSE, test (per pixel, log scale)", "0.01", "0.02");
        assertThat(charts.get(1).caption()).isEqualTo("Reconstruction MSE (test) vs k");

        Document time = parse(charts.get(2).svg());
        List<String> texts = texts(time);
        assertThat(texts).contains("raw pixels", "PCA", "AE-1", "DAE-20", "reducer fit", "classifier A1", "classifier A2",
                "seconds per job (wall time)", "784", "256");
        // raw 1 bar + PCA 4 + AE-1 4 + DAE 1 = 10 bars of 3 segments (reducer, A1, A2)
        assertThat(charts.get(2).svg().split("class=\"segment\"", -1)).hasSize(31);
        // a bar's total: reducer 4.0 + two classifiers of 2.5 s (mean of 2.5 and 2.5... seeds) = 9.0
        assertThat(texts).contains("9.0", "5.0");
    }

    @Test
    void textIsEscaped() throws Exception {
        Svg svg = new Svg(10, 10, "a < b & \"c\"");
        svg.text(0, 0, "<script>", "start", 10, "#000", false, 0);
        String out = svg.done();
        assertThat(out).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(texts(parse(out))).contains("<script>");
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(((Element) nodes.item(i)).getTextContent());
        }
        return texts;
    }
}
