package io.latentlab.control.rest;

import io.latentlab.control.browser.HeadlessChromium;
import io.latentlab.proto.Progress;
import io.latentlab.testsupport.KafkaS3TestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless browser (Debian's chromium driven through Debian's chromedriver):
 * a run submitted through the page's form, then synthetic stage events on the real broker, and the
 * page must follow them live (no reload) down to the report. Screenshots land in target/dashboard-screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(KafkaS3TestResource.class)
class DashboardIT {

    static final Path SCREENSHOTS = Paths.get("target", "dashboard-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @TestHTTPResource("/")
    URL dashboard;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(SCREENSHOTS, "1280,1700", "dashboard");
        browser = chromium.browser();
    }

    /** The pages run under their Content-Security-Policy (no inline script or style): nothing may be refused. */
    @org.junit.jupiter.api.AfterEach
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
    void aRunSubmittedThroughThePageIsFollowedLiveToItsReport() throws Exception {
        browser.get(dashboard.toString());
        until(d -> d.findElement(By.id("submit-form")).isDisplayed());
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");

        // submit through the form: the API answers 401, the page asks for the token, then submits
        new Select(browser.findElement(By.id("profile"))).selectByValue("quick");
        WebElement seed = browser.findElement(By.id("seed"));
        seed.clear();
        seed.sendKeys("42");
        browser.findElement(By.id("submit-button")).click();
        until(d -> d.findElement(By.id("token-panel")).isDisplayed());
        assertThat(text("#token-message")).contains("needs the API token");
        browser.findElement(By.id("token-input")).sendKeys(Api.writeToken());
        browser.findElement(By.id("token-save")).click();
        until(d -> d.getCurrentUrl().contains("#/runs/quick-"));
        assertThat(browser.findElement(By.id("token-panel")).isDisplayed()).isFalse();
        String runId = browser.findElement(By.id("run-id")).getText();
        assertThat(runId).matches("quick-\\d{8}-\\d{6}-[0-9a-f]{4}");
        // the request comes back through Kafka: QUEUED, over the SSE stream
        until(d -> text("#run-status").equals("QUEUED") && text("#run-meta").contains("seed 42"));

        // data-prep accepts, a reducer runs, two classifiers train
        TopicClient.event(TopicClient.accepted(runId, "quick", 42, 1, 2));
        TopicClient.progress(TopicClient.job(runId, "data-prep", "prepare", Progress.Kind.FINISHED).toBuilder()
                .setMessage("750 train / 250 val / 250 test images, 1 reducer jobs").build());
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k16", Progress.Kind.STARTED));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k16", Progress.Kind.FINISHED));
        for (String job : List.of("pca-k16-A1", "pca-k16-A2")) {
            TopicClient.progress(TopicClient.job(runId, "classifier-trainer", job, Progress.Kind.STARTED).toBuilder()
                    .setMaxEpochs(8).build());
        }
        for (int epoch = 1; epoch <= 3; epoch++) {
            TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A1", epoch, 8, loss(epoch), loss(epoch) + 0.08));
            TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A2", epoch, 8, 1.1 * loss(epoch), loss(epoch) + 0.15));
        }

        until(d -> text("#run-status").equals("RUNNING"));
        until(d -> jobCell(runId, "classifier-trainer/pca-k16-A1", ".epoch").startsWith("3/8"));
        until(d -> jobCell(runId, "classifier-trainer/pca-k16-A2", ".epoch").startsWith("3/8"));
        assertThat(jobCell(runId, "classifier-trainer/pca-k16-A1", ".job-status")).isEqualTo("RUNNING");
        assertThat(jobCell(runId, "reducer-trainer/pca-k16", ".job-status")).isEqualTo("FINISHED");
        assertThat(jobCell(runId, "classifier-trainer/pca-k16-A1", ".loss"))
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", loss(3)));
        assertThat(browser.findElements(By.cssSelector("#curves .curve canvas"))).hasSize(2);
        screenshot("dashboard-running.png");

        // the curves grow as epochs arrive, without a reload
        for (int epoch = 4; epoch <= 8; epoch++) {
            TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A1", epoch, 8, loss(epoch), loss(epoch) + 0.08));
            TopicClient.progress(TopicClient.epoch(runId, "pca-k16-A2", epoch, 8, 1.1 * loss(epoch), loss(epoch) + 0.15));
        }
        until(d -> jobCell(runId, "classifier-trainer/pca-k16-A2", ".epoch").startsWith("8/8"));
        until(d -> text("#curves .curve[data-job='classifier-trainer/pca-k16-A1'] .points").startsWith("8/8"));
        // the live timeline: the control service's SVG (960 wide), a row per slot: the reducer, then its two classifiers
        // side by side in two rows
        until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const img = document.querySelector('#timeline'); return !!img && img.complete && img.naturalWidth === 960"
                        + " && img.naturalHeight === 34 + 2 * 22 + 58;"));
        screenshot("dashboard-timeline.png");

        // the evaluator's report: verdict, a chart, rows and a picture
        try (var store = TopicClient.store()) {
            store.put("runs/" + runId + "/pictures/confusion-pca.png", png());
            store.put("runs/" + runId + "/charts/accuracy-vs-k.svg",
                    StudyReports.chartSvg().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (String job : List.of("pca-k16-A1", "pca-k16-A2")) {
            TopicClient.progress(TopicClient.job(runId, "classifier-trainer", job, Progress.Kind.FINISHED));
        }
        TopicClient.event(TopicClient.completed(runId, TopicClient.putReport(runId,
                TopicClient.reportJson(runId, "[{\"path\":\"pictures/confusion-pca.png\",\"title\":\"Test confusion matrix\"}]",
                        ",\"verdict\":[\"One seed (42) on 250 test images.\",\"PCA at k=16 is within noise of raw pixels (A1).\"]"
                                + ",\"charts\":[{\"name\":\"accuracy-vs-k\",\"caption\":\"Test accuracy vs k\","
                                + "\"key\":\"runs/" + runId + "/charts/accuracy-vs-k.svg\"}]"))));

        until(d -> text("#run-status").equals("COMPLETED"));
        until(d -> d.findElement(By.id("report-panel")).isDisplayed()
                && d.findElements(By.cssSelector("#report-rows tbody tr")).size() == 2);
        assertThat(text("#report-rows tbody tr:nth-child(1)")).contains("raw", "784", "A1", "97.12 %", "96.88 %", "8", "12.5");
        assertThat(text("#report-rows tbody tr:nth-child(2)")).contains("pca", "16", "A1", "94.32 %", "93.76 %", "0.03270", "3.3");
        // a completed run's page leads to its draw-a-digit page (ModelServerIT draws on it)
        assertThat(browser.findElement(By.id("draw-link")).getAttribute("href")).endsWith("/draw.html#" + runId);
        until(d -> jobCell(runId, "classifier-trainer/pca-k16-A1", ".job-status").equals("FINISHED"));
        until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const img = document.querySelector('#report-pictures img'); return !!img && img.complete && img.naturalWidth === 320;"));
        // the verdict first, then the evaluator's chart (an SVG with axes and a legend) where the bar chart used to be
        assertThat(text("#report-verdict")).contains("One seed (42) on 250 test images.",
                "PCA at k=16 is within noise of raw pixels (A1).");
        until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const img = document.querySelector('#report-charts figure[data-chart=\"accuracy-vs-k\"] img');"
                        + " return !!img && img.complete && img.naturalWidth === 880;"));
        assertThat(text("#report-charts figcaption")).isEqualTo("Test accuracy vs k");
        screenshot("dashboard-completed.png");

        // report.html opens from its URL (sandboxed by the API's Content-Security-Policy), never as a blob of the
        // dashboard's origin beside the token
        try (var store = TopicClient.store()) {
            store.put("runs/" + runId + "/report.html", "<html><body><h1>the report</h1></body></html>"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String dashboardWindow = browser.getWindowHandle();
        browser.findElement(By.id("report-html-link")).click();
        until(d -> d.getWindowHandles().size() == 2);
        browser.switchTo().window(browser.getWindowHandles().stream().filter(h -> !h.equals(dashboardWindow))
                .findFirst().orElseThrow());
        until(d -> d.getCurrentUrl().endsWith("/api/runs/" + runId + "/artifacts/report.html"));
        until(d -> d.findElement(By.tagName("h1")).getText().equals("the report"));
        browser.close();
        browser.switchTo().window(dashboardWindow);

        // and the runs list knows it
        browser.get(dashboard + "#/");
        until(d -> !d.findElements(By.cssSelector("#runs-table tr[data-run='" + runId + "']")).isEmpty());
        until(d -> text("#runs-table tr[data-run='" + runId + "']").contains("COMPLETED"));
        screenshot("dashboard-runs.png");
    }

    /**
     * "The images behind each difference" on a completed run's page, from its report.json: per comparison of the
     * verdict the discordant counts each way and the evaluator's sheets, read through the artifacts route.
     */
    @Test
    void aCompletedRunsPageShowsTheDiscordantCountsAndSheetsOfEachComparison() throws Exception {
        String runId = "differences-dash";
        String sheet = "runs/" + runId + "/pictures/differences-01-b-right-a-wrong.png";
        byte[] png = png();
        try (var store = TopicClient.store()) {
            store.put(sheet, png);
        }
        TopicClient.event(TopicClient.accepted(runId, "quick", 42, 1, 2));
        TopicClient.event(TopicClient.completed(runId, TopicClient.putReport(runId, TopicClient.reportJson(runId, "[]",
                ",\"repeats\":{\"n\":1,\"seeds\":[42]},\"comparisons\":[" + comparisonJson("pca", 16, "raw", 784, """
                        {"aRightBWrong":3,"bRightAWrong":31,"shown":27,"cap":24,"repeat":0,"seed":42,"sheets":[
                         {"direction":"bRightAWrong","name":"differences-01-b-right-a-wrong",
                          "caption":"raw pixels (A1) right, PCA at k=16 (A1) wrong: the first 24 of 31 test images",
                          "key":"%s","sha256":"x","total":31,"images":[{"index":7,"truth":"1","predictedA":"0","predictedB":"1"}]}]}"""
                        .formatted(sheet)) + "," + comparisonJson("ae1", 16, "pca", 16, "null") + "]"))));

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
                + " return !!img && img.complete && img.naturalWidth === 320;", first + " img[data-sheet]"));
        assertThat(text(first + " figcaption")).isEqualTo(
                "raw pixels (A1) right, PCA at k=16 (A1) wrong: the first 24 of 31 test images");
        screenshot("dashboard-differences.png");

        byte[] served = when().get("/api/runs/" + runId + "/artifacts/pictures/differences-01-b-right-a-wrong.png").then()
                .statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(served).isEqualTo(png);
    }

    /** A comparison of report.json as the evaluator writes it, its {@code discordant} given as JSON. */
    private static String comparisonJson(String a, int kA, String b, int kB, String discordant) {
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

    @Test
    void aFailedRunShowsWhyAndItsRetryButtonRunsItAgain() throws Exception {
        String runId = "dash-failed";
        TopicClient.event(TopicClient.accepted(runId, "quick", 7L, 2, 0));
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "pca-k16", Progress.Kind.SKIPPED).toBuilder()
                .setTrainedByRun("earlier-run").build());
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k256", Progress.Kind.STARTED).toBuilder()
                .setMaxEpochs(15).build());
        for (int epoch = 1; epoch <= 3; epoch++) {
            TopicClient.progress(TopicClient.epoch(runId, "ae3-k256", epoch, 15, loss(epoch), loss(epoch) + 0.1)
                    .toBuilder().setStage("reducer-trainer").build());
        }
        // the trainer was killed: redelivered, resumed after the checkpoint of epoch 2
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k256", Progress.Kind.STARTED).toBuilder()
                .setMaxEpochs(15).build());
        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k256", Progress.Kind.RESUMED).toBuilder()
                .setEpoch(2).setMaxEpochs(15).setMessage("resumed at epoch 2").build());

        // the token from the URL the local stack prints (#token=...), then the run's page
        browser.get(dashboard + "#token=" + java.net.URLEncoder.encode(Api.writeToken(), java.nio.charset.StandardCharsets.UTF_8));
        until(d -> d.getCurrentUrl().endsWith("#/"));
        browser.get(dashboard + "#/runs/" + runId);
        until(d -> text("#run-status").equals("RUNNING"));
        until(d -> jobCell(runId, "reducer-trainer/ae3-k256", ".note").contains("resumed at epoch 2"));
        assertThat(jobCell(runId, "reducer-trainer/ae3-k256", ".epoch")).startsWith("2/15");
        assertThat(jobCell(runId, "reducer-trainer/pca-k16", ".job-status")).isEqualTo("CACHED");
        assertThat(jobCell(runId, "reducer-trainer/pca-k16", ".note")).isEqualTo("cached, trained by run earlier-run");
        assertThat(browser.findElement(By.id("retry-button")).isDisplayed()).isFalse();
        screenshot("dashboard-resumed.png");

        TopicClient.progress(TopicClient.job(runId, "reducer-trainer", "ae3-k256", Progress.Kind.FAILED).toBuilder()
                .setMessage("java.lang.OutOfMemoryError: Physical memory usage is too high").build());
        TopicClient.event(TopicClient.failed(runId, 1, "job ae3-k256 failed: java.lang.OutOfMemoryError: Physical "
                + "memory usage is too high", "ae3-k256", "reducer-trainer"));
        until(d -> text("#run-status").equals("FAILED"));
        until(d -> d.findElement(By.id("retry-button")).isDisplayed());
        assertThat(text("#run-failure")).contains("Attempt 1 failed in job ae3-k256 (reducer-trainer)", "OutOfMemoryError");
        assertThat(jobCell(runId, "reducer-trainer/ae3-k256", ".job-status")).isEqualTo("FAILED");
        assertThat(browser.findElement(By.id("cancel-button")).isDisplayed()).isFalse();
        screenshot("dashboard-failed.png");

        browser.findElement(By.id("retry-button")).click();
        until(d -> text("#run-message").contains("retry published"));
        var record = TopicClient.await(io.latentlab.kit.Topics.RUN_REQUESTS, r -> runId.equals(r.key()));
        assertThat(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"runId\":\"" + runId + "\",\"retry\":true}");

        TopicClient.event(TopicClient.acceptedAttempt(runId, "quick", 2, 0, 2));
        until(d -> text("#run-status").equals("RUNNING"));
        until(d -> !d.findElement(By.id("retry-button")).isDisplayed());
        assertThat(text("#run-meta")).contains("attempt 2");
        assertThat(text("#run-history")).contains("attempt 1 failed in ae3-k256");
        screenshot("dashboard-retried.png");
    }

    @Test
    void twoCompletedRunsPickedInTheListAreComparedSideBySide() throws Exception {
        for (String runId : List.of("cmp-dash-a", "cmp-dash-b")) {
            TopicClient.event(TopicClient.accepted(runId, "quick", runId.endsWith("a") ? 42 : 7, 13, 39));
        }
        TopicClient.event(TopicClient.completed("cmp-dash-a", TopicClient.putReport("cmp-dash-a",
                StudyReports.report("cmp-dash-a", 42, List.of("AE-1 at k=64 (A1) beats PCA at k=64 (A1)."), List.of(
                        StudyReports.row("raw", null, 784, "A1", 0.97, 0.965, 0.975, null),
                        StudyReports.row("pca", null, 64, "A1", 0.95, 0.948, 0.952, 0.02),
                        StudyReports.row("ae1", null, 64, "A1", 0.96, 0.95, 0.97, 0.015))))));
        TopicClient.event(TopicClient.completed("cmp-dash-b", TopicClient.putReport("cmp-dash-b",
                StudyReports.report("cmp-dash-b", 7, List.of("Nothing differs."), List.of(
                        StudyReports.row("raw", null, 784, "A1", 0.971, 0.966, 0.976, null),
                        StudyReports.row("pca", null, 64, "A1", 0.94, 0.938, 0.942, 0.021),
                        StudyReports.row("dae", 0.2, 256, "A1", 0.96, 0.95, 0.97, 0.01))))));

        // pick both in the runs list (completed runs only), then compare
        browser.get(dashboard + "#/");
        for (String runId : List.of("cmp-dash-a", "cmp-dash-b")) {
            until(d -> text("#runs-table tr[data-run='" + runId + "']").contains("COMPLETED"));
            until(d -> d.findElement(By.cssSelector("input.pick-run[data-run='" + runId + "']")).isEnabled());
        }
        assertThat(browser.findElement(By.id("compare-button")).isEnabled()).isFalse();
        for (String runId : List.of("cmp-dash-a", "cmp-dash-b")) {
            // the list re-renders every 2 s: a click on a replaced row is retried, the pick survives re-rendering
            By pick = By.cssSelector("input.pick-run[data-run='" + runId + "']");
            until(d -> {
                d.findElement(pick).click();
                return true;
            });
            until(d -> d.findElement(pick).isSelected());
        }
        until(d -> d.findElement(By.id("compare-button")).isEnabled());
        browser.findElement(By.id("compare-button")).click();

        until(d -> d.getCurrentUrl().contains("#/compare?runs=cmp-dash-a%2Ccmp-dash-b"));
        until(d -> d.findElement(By.id("compare-result")).isDisplayed());
        assertThat(browser.findElement(By.id("compare-runs")).getAttribute("value")).isEqualTo("cmp-dash-a,cmp-dash-b");
        // (headers are upper-cased by the style sheet)
        assertThat(text("#compare-rows thead").toLowerCase(java.util.Locale.ROOT))
                .contains("cmp-dash-a test acc", "cmp-dash-b test acc", "δ vs cmp-dash-a");
        assertThat(browser.findElements(By.cssSelector("#compare-rows tbody tr"))).hasSize(2);
        String pca = "#compare-rows tr[data-config='pca||64|A1']";
        assertThat(text(pca)).contains("pca k=64 A1", "95.00 %", "94.00 %", "94.80–95.20", "93.80–94.20");
        // intervals that do not overlap: highlighted as beyond noise; overlapping ones: within noise
        assertThat(text(pca + " td.delta")).isEqualTo("−1.00");
        assertThat(browser.findElement(By.cssSelector(pca + " td.delta")).getAttribute("class"))
                .contains("down", "beyond-noise");
        assertThat(browser.findElement(By.cssSelector("#compare-rows tr[data-config='raw||784|A1'] td.delta"))
                .getAttribute("class")).contains("up", "within-noise").doesNotContain("beyond-noise");
        assertThat(((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.querySelector("
                + "arguments[0])).fontWeight", pca + " td.delta")).isEqualTo("700");
        assertThat(text("#compare-unshared")).contains("ae1 k=64 A1 — only in cmp-dash-a", "dae-20 k=256 A1 — only in cmp-dash-b");
        assertThat(text("#compare-request tr[data-field='seed']")).contains("42", "7");
        assertThat(text("#compare-runs-table")).contains("AE-1 at k=64 (A1) beats PCA at k=64 (A1).", "Nothing differs.",
                "42, 1001, 1002");
        screenshot("dashboard-compare.png");

        // the form answers a bad selection with the API's reason
        WebElement runs = browser.findElement(By.id("compare-runs"));
        runs.clear();
        runs.sendKeys("cmp-dash-a");
        browser.findElement(By.id("compare-submit")).click();
        until(d -> text("#compare-message").contains("compare 2 to 6 runs, got 1"));
    }

    @Test
    void runsOnTwoDatasetsShowTheirNamesTheirRowsAndWhereEachVerdictHolds() {
        TopicClient.putReport("cmp-dash-mnist", StudyReports.fixture("mnist-report.json"));
        TopicClient.putReport("cmp-dash-fashion", StudyReports.fixture("fashion-report.json"));

        browser.get(dashboard + "#/compare?runs=cmp-dash-mnist,cmp-dash-fashion");
        until(d -> d.findElement(By.id("compare-result")).isDisplayed());

        assertThat(text("#compare-runs-table tr[data-run='cmp-dash-fashion'] td.dataset")).isEqualTo("fashion");
        assertThat(browser.findElement(By.cssSelector("#compare-runs-table tr[data-run='cmp-dash-fashion'] td.dataset"))
                .getAttribute("title")).isEqualTo("T-shirt/top, Trouser, Pullover, Dress, Coat");
        assertThat(text("#compare-rows tr[data-config='dae|0.20|64|A1']")).contains("96.50 %", "83.50 %", "mse 0.01100",
                "mse 0.00850");
        assertThat(browser.findElement(By.id("compare-verdicts-block")).isDisplayed()).isTrue();
        assertThat(text("#compare-verdicts thead").toLowerCase(java.util.Locale.ROOT))
                .contains("cmp-dash-mnist (mnist)", "cmp-dash-fashion (fashion)", "holds on both?");
        String aeVsPca = "#compare-verdicts tr[data-verdict='vs-pca|ae1|pca']";
        assertThat(text(aeVsPca)).contains("AE-1 vs PCA at the same k", "+1.00 [+0.60, +1.40]", "adjusted 0.0080 (holm)",
                "+2.00", "holds on both");
        assertThat(browser.findElement(By.cssSelector(aeVsPca + " td.agreement")).getAttribute("class")).contains("holds-on-all");
        assertThat(text("#compare-verdicts tr[data-verdict='vs-raw|ae1|raw'] td.agreement")).isEqualTo("only on mnist");
        assertThat(browser.findElement(By.cssSelector("#compare-verdicts tr[data-verdict='vs-raw|ae1|raw'] "
                + "td[data-run='cmp-dash-fashion']")).getAttribute("class")).contains("within-noise");
        assertThat(text("#compare-verdicts tr[data-verdict='vs-pca|dae-20|pca'] td.agreement")).isEqualTo("within noise on both");
        assertThat(text("#compare-verdicts tr[data-verdict='dae-vs-ae1|dae-20|ae1|64']")).contains("not compared",
                "only compared on mnist");

        WebElement csv = browser.findElement(By.id("compare-csv-link"));
        assertThat(csv.getAttribute("href")).endsWith("/api/compare?format=csv&runs=cmp-dash-mnist%2Ccmp-dash-fashion");
        assertThat(csv.getAttribute("download")).isNotNull();
        Object body = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('failed: ' + e))", csv.getAttribute("href"));
        assertThat((String) body).startsWith("configuration,reducer,noise,k,arch,cmp-dash-mnist:dataset,");
        screenshot("dashboard-compare-datasets.png");
    }

    private static double loss(int epoch) {
        return 0.25 + 1.6 / (epoch + 0.6);
    }

    private static void until(java.util.function.Function<WebDriver, Boolean> condition) {
        chromium.until(WAIT, condition);
    }

    private static String text(String css) {
        return chromium.text(css);
    }

    private static String jobCell(String runId, String job, String cell) {
        return text("#jobs-table tr[data-job='" + job + "'] " + cell);
    }

    private static void screenshot(String name) {
        chromium.screenshot(name);
    }

    /** A small picture, as the evaluator might draw one: a 5 x 5 confusion matrix. */
    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(320, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 160);
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 5; col++) {
                g.setColor(row == col ? new Color(0x1f4e8c) : new Color(0xdfe8f5));
                g.fillRect(100 + 26 * col, 15 + 26 * row, 24, 24);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(99, 14, 130, 130);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
