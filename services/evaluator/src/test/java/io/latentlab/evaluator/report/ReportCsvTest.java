package io.latentlab.evaluator.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.latentlab.evaluator.report.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

/** report.csv read back by an independent RFC 4180 reader (Jackson's CSV module) and checked against report.json's rows. */
class ReportCsvTest {

    @Test
    void everyRowOfReportJsonReadsBackFromTheCsvWithItsStatistics() throws IOException {
        List<JobRow> jobs = new ArrayList<>();
        for (int repeat = 0; repeat < 3; repeat++) {
            jobs.add(job("raw", 784, "A1", null, repeat, 0.95, 230 + repeat, 250, null));
            jobs.add(job("pca", 64, "A1", null, repeat, 0.94, 225 - repeat, 250, 0.02 + repeat * 1e-4));
            jobs.add(job("dae", 64, "A2", 0.2, repeat, 0.93, 220 + 2 * repeat, 250, 0.018));
        }
        List<ReportRow> rows = new ArrayList<>(Configurations.aggregate(jobs));
        // a value with every character RFC 4180 quotes
        ReportRow pca = rows.get(1);
        rows.set(1, new ReportRow(pca.jobId(), pca.reducer(), pca.k(), pca.arch(), pca.noise(), pca.valAccuracy(),
                pca.testAccuracy(), pca.reconMse(), pca.explainedVariance(), pca.epochs(), pca.bestEpoch(),
                pca.trainSeconds(), pca.reducerSeconds(), pca.confusionVal(), pca.confusionTest(), pca.trainLoss(),
                pca.valLoss(), pca.pictures(), "run \"a\", then\r\nb", pca.n(), pca.stats(), pca.perSeed()));

        String csv;
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // a decimal comma locale must not leak into the numbers
            csv = ReportCsv.render(rows);
        } finally {
            Locale.setDefault(before);
        }
        JsonNode json = new ObjectMapper().valueToTree(rows);
        List<Map<String, String>> read = read(csv);

        assertThat(csv).startsWith(String.join(",", ReportCsv.header()) + "\r\n").endsWith("\r\n");
        assertThat(read).hasSize(json.size()).hasSize(3);
        for (int i = 0; i < json.size(); i++) {
            JsonNode row = json.get(i);
            Map<String, String> line = read.get(i);
            assertThat(line.get("reducer")).isEqualTo(row.path("reducer").asText());
            assertThat(line.get("k")).isEqualTo(row.path("k").asText());
            assertThat(line.get("arch")).isEqualTo(row.path("arch").asText());
            assertThat(Integer.parseInt(line.get("n"))).isEqualTo(row.path("n").asInt()).isEqualTo(3);
            assertThat(Double.parseDouble(line.get("testAccuracy"))).isEqualTo(row.path("testAccuracy").asDouble());
            assertThat(Double.parseDouble(line.get("valAccuracy"))).isEqualTo(row.path("valAccuracy").asDouble());
            JsonNode test = row.path("stats").path("testAccuracy");
            assertThat(Double.parseDouble(line.get("testAccuracyStd"))).isEqualTo(test.path("std").asDouble());
            assertThat(Double.parseDouble(line.get("testAccuracyCi95Low"))).isEqualTo(test.path("ci95").get(0).asDouble());
            assertThat(Double.parseDouble(line.get("testAccuracyCi95High"))).isEqualTo(test.path("ci95").get(1).asDouble());
            assertThat(line.get("testAccuracyCiMethod")).isEqualTo(test.path("method").asText()).isEqualTo("t");
            assertThat(line.get("cachedFrom")).isEqualTo(row.path("cachedFrom").asText(""));
            assertThat(line.get("jobId")).isEqualTo(row.path("jobId").asText());
            if (row.path("reconMse").isNull()) {
                assertThat(line.get("reconMseTest")).isEmpty();
                assertThat(line.get("noise")).isEmpty();
            } else {
                assertThat(Double.parseDouble(line.get("reconMseTest"))).isEqualTo(row.path("reconMse").path("test").asDouble());
                assertThat(Double.parseDouble(line.get("reconMseTestCi95High")))
                        .isEqualTo(row.path("stats").path("reconMseTest").path("ci95").get(1).asDouble());
            }
        }
        assertThat(read).extracting(m -> m.get("family")).containsExactly("raw", "pca", "dae-20");
        assertThat(read.get(2).get("noise")).isEqualTo("0.2");
        assertThat(read.get(1).get("cachedFrom")).isEqualTo("run \"a\", then\r\nb");
        assertThat(csv).contains(",\"run \"\"a\"\", then\r\nb\",");
        // numbers are plain decimals with a point: no exponent, no decimal comma
        assertThat(read.get(1).get("reconMseTest")).matches("0\\.0[0-9]+");
    }

    private static List<Map<String, String>> read(String csv) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> lines = new CsvMapper().readerFor(Map.class).with(schema).readValues(csv)) {
            return lines.readAll();
        }
    }
}
