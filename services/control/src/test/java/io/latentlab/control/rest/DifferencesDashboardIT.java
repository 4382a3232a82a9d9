package io.latentlab.control.rest;

import io.latentlab.control.browser.HeadlessChromium;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A completed run's page shows "The images behind each difference" from its report.json: per comparison of the
 * verdict the discordant counts each way and the evaluator's sheets, read through the artifacts route, in a real
 * headless chromium under the dashboard's Content-Security-Policy. Screenshot: target/dashboard-screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class DifferencesDashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static HeadlessChromium chromium;

    @TestHTTPResource("/")
    URL dashboard;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(DashboardIT.SCREENSHOTS, "1280,1700", "differences");
    }

    @AfterEach
    void nothingWasRefusedByTheContentSecurityPolicy() {
        assertThat(chromium.policyViolations()).isEmpty();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aCompletedRunsPageShowsTheDiscordantCountsAndSheetsOfEachComparison() throws Exception {
        String runId = "differences-dash";
        String sheet = "runs/" + runId + "/pictures/differences-01-b-right-a-wrong.png";
        byte[] png = png(600, 180);
        try (var store = TopicClient.store()) {
            store.put(sheet, png);
        }
        TopicClient.event(TopicClient.accepted(runId, "quick", 42, 1, 2));
        TopicClient.event(TopicClient.completed(runId, TopicClient.putReport(runId, TopicClient.reportJson(runId, "[]",
                ",\"repeats\":{\"n\":1,\"seeds\":[42]},\"comparisons\":[" + comparison("pca", 16, "raw", 784, """
                        {"aRightBWrong":3,"bRightAWrong":31,"shown":27,"cap":24,"repeat":0,"seed":42,"sheets":[
                         {"direction":"bRightAWrong","name":"differences-01-b-right-a-wrong",
                          "caption":"raw pixels (A1) right, PCA at k=16 (A1) wrong: the first 24 of 31 test images",
                          "key":"%s","sha256":"x","total":31,"images":[{"index":7,"truth":"1","predictedA":"0","predictedB":"1"}]}]}"""
                        .formatted(sheet)) + "," + comparison("ae1", 16, "pca", 16, "null") + "]"))));

        WebDriver browser = chromium.browser();
        browser.get(dashboard + "#/runs/" + runId);
        until(d -> d.findElement(By.id("report-differences-block")).isDisplayed());
        assertThat(text("#report-differences-block h4")).isEqualTo("The images behind each difference");
        assertThat(browser.findElements(By.cssSelector("#report-differences details.difference"))).hasSize(2);
        String first = "#report-differences details[data-comparison='0']";
        assertThat(text(first + " summary")).isEqualTo(
                "PCA at k=16 (A1) vs raw pixels (A1) — a right, b wrong: 3 · b right, a wrong: 31 · 27 shown");
        assertThat(text(first + " b.b-right-a-wrong")).isEqualTo("31");
        assertThat(text("#report-differences details[data-comparison='1'] summary"))
                .isEqualTo("AE-1 at k=16 (A1) vs PCA at k=16 (A1) — images not available");
        assertThat(text("#report-differences-note")).contains("the first 24 of each way");

        // the sheet opens with its comparison, served from the run's files through the artifacts route
        browser.findElement(By.cssSelector(first + " summary")).click();
        until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("const img = document.querySelector(arguments[0]);"
                + " return !!img && img.complete && img.naturalWidth === 600;", first + " img[data-sheet]"));
        assertThat(text(first + " figcaption")).isEqualTo(
                "raw pixels (A1) right, PCA at k=16 (A1) wrong: the first 24 of 31 test images");
        chromium.screenshot("dashboard-differences.png");

        byte[] served = when().get("/api/runs/" + runId + "/artifacts/pictures/differences-01-b-right-a-wrong.png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(Arrays.equals(served, png)).isTrue();
    }

    /** A comparison of report.json as the evaluator writes it, its {@code discordant} given as JSON. */
    private static String comparison(String a, int kA, String b, int kB, String discordant) {
        return String.format(Locale.ROOT, """
                {"kind":"vs-raw","a":{"family":"%s","label":"%s","k":%d,"arch":"A1","jobId":"%s-k%d-A1","testAccuracy":0.93},
                 "b":{"family":"%s","label":"%s","k":%d,"arch":"A1","jobId":"%s-A1","testAccuracy":0.96},
                 "result":{"test":"mcnemar-exact","n":1,"difference":-0.03,"ci95":[-0.05,-0.01],"pValue":0.001,
                  "significant":true},"discordant":%s}""", a, label(a, kA), kA, a, kA, b, label(b, kB), kB, b, discordant);
    }

    private static String label(String family, int k) {
        return switch (family) {
            case "raw" -> "raw pixels (A1)";
            case "pca" -> "PCA at k=" + k + " (A1)";
            default -> "AE-1 at k=" + k + " (A1)";
        };
    }

    private static void until(java.util.function.Function<WebDriver, Boolean> condition) {
        chromium.until(WAIT, condition);
    }

    private static String text(String css) {
        return chromium.text(css);
    }

    /** A stand-in for a sheet: a light grey PNG of the given size with one dark column. */
    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xEEEEEE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(20, 10, 56, 56);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
