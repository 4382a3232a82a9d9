package io.latentlab.kit.report;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonCsvTest {

    /** Parsed by Jackson's CSV reader, not by anything of ours. */
    private static List<List<String>> parse(String csv) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> records = new ArrayList<>();
        try (MappingIterator<List<String>> it = mapper.readerFor(List.class).readValues(csv)) {
            it.forEachRemaining(records::add);
        }
        return records;
    }

    @Test
    void oneRecordPerSharedConfigurationWithBothRunsColumns() throws Exception {
        String csv = ComparisonCsv.render(RunComparison.compare(CrossDatasetReports.mnistThenFashion()));

        List<List<String>> records = parse(csv);

        List<String> header = records.get(0);
        assertThat(header).startsWith("configuration", "reducer", "noise", "k", "arch", "mnist-seed:dataset")
                .contains("mnist-seed:testAccuracy", "fashion-seed:testAccuracy", "fashion-seed:reconMseTest",
                        "fashion-seed:testDifferencePoints", "fashion-seed:beyondNoise")
                .doesNotContain("mnist-seed:testDifferencePoints");
        assertThat(records).hasSize(1 + 6).allSatisfy(r -> assertThat(r).hasSameSizeAs(header));
        assertThat(records.stream().skip(1).map(r -> r.get(0)))
                .as("ae3 only Fashion-MNIST has is not a row")
                .containsExactly("raw A1", "pca k=16 A1", "pca k=64 A1", "ae1 k=16 A1", "ae1 k=64 A1", "dae-20 k=64 A1");
        List<String> dae = records.get(6);
        assertThat(value(header, dae, "noise")).isEqualTo("0.2");
        assertThat(value(header, dae, "mnist-seed:dataset")).isEqualTo("mnist");
        assertThat(value(header, dae, "fashion-seed:dataset")).isEqualTo("fashion");
        assertThat(value(header, dae, "mnist-seed:testAccuracy")).isEqualTo("0.965");
        assertThat(value(header, dae, "fashion-seed:testCi95Low")).isEqualTo("0.825");
        assertThat(value(header, dae, "fashion-seed:reconMseTest")).isEqualTo("0.0085");
        assertThat(value(header, dae, "fashion-seed:testDifferencePoints")).isEqualTo("-13");
        assertThat(value(header, dae, "fashion-seed:beyondNoise")).isEqualTo("true");
        assertThat(value(header, records.get(1), "mnist-seed:reconMseTest")).as("raw pixels have no reconstruction").isEmpty();
        assertThat(csv).contains("\r\n").doesNotContain("E-").endsWith("\r\n");
    }

    @Test
    void numbersAreTheSameInEveryLocale() throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String csv = ComparisonCsv.render(RunComparison.compare(CrossDatasetReports.mnistThenFashion()));
            assertThat(parse(csv).get(2)).contains("0.95", "0.03").doesNotContain("0,95");
        } finally {
            Locale.setDefault(before);
        }
        assertThat(Csv.number(0.00001)).isEqualTo("0.00001");
        assertThat(Csv.number(100 * (0.94 - 0.95))).isEqualTo("-1");
        assertThat(Csv.number(null)).isEmpty();
        assertThat(Csv.number(Double.NaN)).isEmpty();
    }

    @Test
    void fieldsWithCommasQuotesAndLineBreaksRoundTrip() throws Exception {
        List<String> fields = List.of("plain", "a,b", "say \"hi\"", "two\r\nlines", "", "T-shirt/top");
        StringBuilder out = new StringBuilder();
        Csv.record(out, fields);
        Csv.record(out, List.of("1", "2", "3", "4", "5", "6"));

        assertThat(out.toString()).startsWith("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",,T-shirt/top\r\n");
        assertThat(parse(out.toString())).containsExactly(fields, List.of("1", "2", "3", "4", "5", "6"));
    }

    private static String value(List<String> header, List<String> record, String column) {
        return record.get(header.indexOf(column));
    }
}
