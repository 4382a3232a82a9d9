package io.latentlab.control.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** report.json files as the evaluator writes them since issue 13 (rows with stats, verdict, charts), for the compare tests. */
final class StudyReports {

    private StudyReports() {
    }

    /** One configuration row: mean test accuracy over 3 seeds and its interval. */
    static String row(String reducer, Double noise, int k, String arch, double test, double lo, double hi, Double mse) {
        return String.format(Locale.ROOT, """
                {"jobId":"%s-k%d-%s","reducer":"%s","noise":%s,"k":%d,"arch":"%s","n":3,"valAccuracy":0.9,
                 "testAccuracy":%s,"trainSeconds":2.5,"reconMse":%s,
                 "stats":{"testAccuracy":{"n":3,"mean":%s,"std":0.004,"ci95":[%s,%s],"method":"t"}}}""",
                reducer, k, arch, reducer, noise == null ? "null" : noise.toString(), k, arch, test,
                mse == null ? "null" : "{\"train\":" + mse + ",\"val\":" + mse + ",\"test\":" + mse + "}", test, lo, hi);
    }

    static String report(String runId, long seed, List<String> verdict, List<String> rows) {
        return String.format(Locale.ROOT, """
                {"runId":"%s","profile":"quick","codeVersion":"0123abcd","verdict":[%s],
                 "request":{"runId":"%s","profile":"quick","seed":"%d","repeats":3},
                 "repeats":{"n":3,"seeds":[%d,1001,1002],"resplitPerSeed":false},
                 "dataset":{"sha256":"abc","train":750,"val":250,"test":250},
                 "rows":[%s],"overall":[],"pictures":[],"charts":[]}""",
                runId, String.join(",", verdict.stream().map(s -> "\"" + s + "\"").toList()), runId, seed, seed,
                String.join(",", rows));
    }

    /**
     * A seed study's report.json on MNIST or Fashion-MNIST, with its comparisons (mnist-report.json,
     * fashion-report.json beside this class, the same as pipeline-kit's VerdictAgreementTest reads): AE-1 beats PCA on
     * both, trails raw pixels on MNIST only, DAE-20 vs PCA is within noise on both, DAE-20 vs raw pixels goes
     * opposite ways, and only MNIST compares DAE-20 with AE-1.
     */
    static String fixture(String name) {
        try (InputStream in = StudyReports.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chart as the evaluator stores it (an SVG document of 880 x 440 with axes and a legend). */
    static String chartSvg() {
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="880" height="440" viewBox="0 0 880 440" role="img"
                 aria-label="Test accuracy vs k"><title>Test accuracy vs k</title><rect width="100%" height="100%" fill="#fff"/>
                <line x1="72" y1="380" x2="660" y2="380" stroke="#444"/><line x1="72" y1="44" x2="72" y2="380" stroke="#444"/>
                <text x="88" y="398">32</text><text x="644" y="398">256</text><text x="20" y="212">test accuracy (%)</text>
                <polyline fill="none" stroke="#0072B2" stroke-width="2" points="88,300 276,200 464,150 644,120"/>
                <text x="684" y="70">PCA</text></svg>""";
    }
}
