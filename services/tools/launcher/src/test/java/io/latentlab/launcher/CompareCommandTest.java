package io.latentlab.launcher;

import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.stack.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code latentlab compare} against an S3 endpoint (s3proxy) holding two seed studies' reports, MNIST and Fashion-MNIST
 * (mnist-report.json and fashion-report.json beside this class: pipeline-kit's VerdictAgreementTest fixtures).
 */
class CompareCommandTest {

    @TempDir
    static Path dir;

    static EmbeddedS3 s3;
    static LauncherConfig config;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void storeTwoReports() throws IOException {
        s3 = EmbeddedS3.start(dir.resolve("s3"), 0, "test", "test-secret");
        config = new LauncherConfig("127.0.0.1:1", s3.endpoint(), "test", "test-secret", "latentlab", dir.resolve("runs"));
        try (ArtifactStore store = new ArtifactStore(s3.endpoint(), "test", "test-secret", "latentlab")) {
            store.ensureBucket();
            for (String run : List.of("mnist", "fashion")) {
                try (InputStream in = CompareCommandTest.class.getResourceAsStream(run + "-report.json")) {
                    store.put(StoreKeys.runReport(run + "-seed", "report.json"), in.readAllBytes());
                }
            }
        }
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private int execute(String... args) {
        CommandLine commandLine = LatentLabCli.commandLine(config);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void twoDatasetsSideBySideWithWhereEachVerdictHolds() {
        assertThat(execute("compare", "mnist-seed", "fashion-seed")).isZero();

        assertThat(out.toString()).contains("dataset fashion", "T-shirt/top, Trouser",
                "AE-1 vs PCA at the same k: holds on both", "AE-1 vs raw pixels: only on mnist",
                "DAE-20 vs PCA at the same k: within noise on both", "mse 0.00850");
    }

    @Test
    void csvAloneGoesToStandardOutput() {
        assertThat(execute("compare", "mnist-seed", "fashion-seed", "--csv")).isZero();

        List<String> records = List.of(out.toString().split("\r\n"));
        assertThat(records).hasSize(7);
        assertThat(records.get(0)).startsWith("configuration,reducer,noise,k,arch,mnist-seed:dataset,");
        assertThat(out.toString()).doesNotContain("holds on both");
    }

    @Test
    void csvToAFileKeepsTheTextOnTheTerminal() throws IOException {
        Path file = dir.resolve("mnist-vs-fashion.csv");

        assertThat(execute("compare", "mnist-seed", "fashion-seed", "--csv", file.toString())).isZero();

        assertThat(Files.readString(file)).startsWith("configuration,").contains("\r\ndae-20 k=64 A1,dae,0.2,64,A1,mnist,");
        assertThat(out.toString()).contains("holds on both", "CSV: " + file + " (6 configurations)");
    }

    @Test
    void aCsvFileThatIsNotOneIsAUsageError() {
        // "--csv mnist-seed fashion-seed other" would otherwise write mnist-seed and compare the two others
        assertThat(execute("compare", "--csv", "mnist-seed", "fashion-seed", "other")).isEqualTo(2);

        assertThat(err.toString()).contains("--csv FILE must end in .csv", "'mnist-seed'", "see: latentlab compare --help");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aCsvFileThatCannotBeWrittenIsOneLineAndExits2() {
        assertThat(execute("compare", "mnist-seed", "fashion-seed", "--csv=" + dir.resolve("no/such/dir/x.csv"))).isEqualTo(2);

        assertThat(err.toString()).startsWith("latentlab: cannot write the CSV to ").contains("no/such/dir/x.csv");
    }
}
