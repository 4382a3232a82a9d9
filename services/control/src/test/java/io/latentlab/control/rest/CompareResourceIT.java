package io.latentlab.control.rest;

import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** GET /api/compare on a real s3proxy: completed runs' reports side by side. */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class CompareResourceIT {

    @Test
    void completedRunsAreComparedRowByRowAndTheRestIsListed() {
        TopicClient.putReport("cmp-api-a", StudyReports.report("cmp-api-a", 42, List.of("A says."), List.of(
                StudyReports.row("raw", null, 784, "A1", 0.97, 0.965, 0.975, null),
                StudyReports.row("pca", null, 64, "A1", 0.95, 0.948, 0.952, 0.02),
                StudyReports.row("ae1", null, 64, "A1", 0.96, 0.95, 0.97, 0.015))));
        TopicClient.putReport("cmp-api-b", StudyReports.report("cmp-api-b", 7, List.of("B says."), List.of(
                StudyReports.row("raw", null, 784, "A1", 0.971, 0.966, 0.976, null),
                StudyReports.row("pca", null, 64, "A1", 0.94, 0.938, 0.942, 0.021),
                StudyReports.row("dae", 0.2, 256, "A1", 0.96, 0.95, 0.97, 0.01))));

        var response = given().queryParam("runs", "cmp-api-a,cmp-api-b").when().get("/api/compare")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("runs.runId", contains("cmp-api-a", "cmp-api-b"))
                .body("runs[1].seeds", contains(7, 1001, 1002))
                .body("runs[1].verdict", contains("B says."))
                .body("rows.label", contains("raw A1", "pca k=64 A1"))
                .body("rows[1].cells[0].testDifferencePoints", nullValue())
                .body("rows[1].cells[1].beyondNoise", equalTo(true))
                .body("rows[0].cells[1].beyondNoise", equalTo(false))
                .body("rows[1].cells[1].testCi95", contains(0.938f, 0.942f))
                .body("unshared.label", contains("ae1 k=64 A1", "dae-20 k=256 A1"))
                .body("unshared[1].presentIn", contains("cmp-api-b"))
                .body("requestDifferences", hasSize(1))
                .body("requestDifferences[0].field", equalTo("seed"))
                .body("requestDifferences[0].values", contains("42", "7"))
                .extract().jsonPath();
        assertThat(response.getDouble("rows[1].cells[1].testDifferencePoints")).isCloseTo(-1.0, within(1e-6));
        assertThat(response.getDouble("rows[0].cells[1].testDifferencePoints")).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void runsOnDifferentDatasetsSayWhereEachVerdictHolds() {
        TopicClient.putReport("cmp-ds-mnist", StudyReports.fixture("mnist-report.json"));
        TopicClient.putReport("cmp-ds-fashion", StudyReports.fixture("fashion-report.json"));

        given().queryParam("runs", "cmp-ds-mnist,cmp-ds-fashion").when().get("/api/compare")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("runs.dataset.name", contains("mnist", "fashion"))
                .body("runs[1].dataset.classNames", contains("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"))
                .body("rows[5].label", equalTo("dae-20 k=64 A1"))
                .body("rows[5].cells.reconMseTest", contains(0.011f, 0.0085f))
                .body("verdicts.claim", contains("AE-1 vs PCA at the same k", "AE-1 vs raw pixels",
                        "DAE-20 vs PCA at the same k", "DAE-20 vs raw pixels", "DAE-20 vs AE-1 at k=64"))
                .body("verdicts.summary", contains("holds on both", "only on mnist", "within noise on both",
                        "opposite: DAE-20 ahead on mnist, raw pixels ahead on fashion", "only compared on mnist"))
                .body("verdicts[0].sides.pAdjusted", contains(0.008f, 0.005f))
                .body("verdicts[4].sides[1]", nullValue());
    }

    @Test
    void theComparisonAsCsvIsADownloadWithTheApisHeaders() {
        TopicClient.putReport("cmp-csv-mnist", StudyReports.fixture("mnist-report.json"));
        TopicClient.putReport("cmp-csv-fashion", StudyReports.fixture("fashion-report.json"));

        String csv = given().queryParam("runs", "cmp-csv-mnist,cmp-csv-fashion").queryParam("format", "csv")
                .header("Accept", "application/json") // what a browser's link sends does not matter: ?format decides
                .when().get("/api/compare")
                .then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", "attachment; filename=\"compare-cmp-csv-mnist-cmp-csv-fashion.csv\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("sandbox"))
                .extract().asString();

        List<String> records = List.of(csv.split("\r\n"));
        assertThat(records).hasSize(7);
        assertThat(records.get(0)).startsWith("configuration,reducer,noise,k,arch,cmp-csv-mnist:dataset,")
                .contains(",cmp-csv-fashion:testDifferencePoints,");
        assertThat(records.get(6)).startsWith("dae-20 k=64 A1,dae,0.2,64,A1,mnist,3,0.9,0.965,0.96,0.97,0.011,2.5,fashion,");
    }

    @Test
    void badSelectionsAreRefusedWithAReason() {
        given().queryParam("runs", "a,b").queryParam("format", "xml").when().get("/api/compare")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString("format must be json or csv, got 'xml'"));
        when().get("/api/compare").then().statusCode(400).body("error", containsString("?runs="));
        given().queryParam("runs", "only-one").when().get("/api/compare")
                .then().statusCode(400).body("error", containsString("compare 2 to 6 runs, got 1"));
        given().queryParam("runs", "a,a").when().get("/api/compare")
                .then().statusCode(400).body("error", containsString("named twice"));
        given().queryParam("runs", "a,../etc").when().get("/api/compare")
                .then().statusCode(400).body("error", containsString("'../etc' is not a run id"));
        given().queryParam("runs", "cmp-none-1,cmp-none-2").when().get("/api/compare")
                .then().statusCode(404).body("error", containsString("no run cmp-none-1 with a report"));
    }
}
