package io.latentlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.latentlab.deploy.TestTools.Entry;
import io.latentlab.deploy.TestTools.Lookup;
import io.latentlab.deploy.TestTools.Scan;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's test command works on a fresh Debian machine: every binary a test starts is in the one
 * registry that {@code ./latentlab test} installs from, and CI runs exactly that command.
 */
class TestToolsTest {

    /** The scanner and this test name tools on purpose (samples, the known names): not scanned. */
    static final Set<String> SCANNER_SOURCES = Set.of("TestTools.java", "TestToolsTest.java");
    /** Call sites that start a binary they are given: their callers are scanned instead (Tool.run). */
    static final Set<String> PASS_THROUGH = Set.of("services/tools/deploy-tests/src/test/java/io/latentlab/deploy/Tool.java");

    // ---- the scanner, on samples

    @Test
    void anUnregisteredBinaryStartedByATestIsFound() {
        Map<String, Entry> registry = TestTools.parse("kcat kcat services/tools/launcher KcatTriggerIT\n");
        Scan scan = TestTools.scan("Sample.java",
                "Process p = new ProcessBuilder(\"podman\", \"run\", \"--rm\", image).start();\n"
                        + "new ProcessBuilder(\"kcat\", \"-P\").start();\n");
        assertThat(binaries(scan)).contains("podman", "kcat");
        assertThat(uncovered(registry, scan)).containsExactly("podman");
    }

    @Test
    void everyFormOfStartingABinaryIsFound() {
        String source = String.join("\n",
                "static final Path FIREFOX = Path.of(\"/usr/bin/firefox\");",
                "private static final List<String> RENDER = List.of(\"helm\", \"template\", \".\");",
                "new ProcessBuilder(FIREFOX.toString(), \"--headless\").start();",
                "new ProcessBuilder(List.of(\"skopeo\", \"inspect\")).start();",
                "new ProcessBuilder().command(\"crane\", \"digest\").start();",
                "Runtime.getRuntime().exec(\"jq -r .name\");",
                "Runtime.getRuntime().exec(new String[]{\"yq\", \".\"});",
                "new ProcessBuilder(RENDER).start();",
                "String out = Tool.run(\"buildah\", \"buildah\", \"images\");",
                "Path driver = Paths.get(\"/usr/local/bin/geckodriver\");",
                "assertThat(which(\"minikube\")).isNotNull();");
        Scan scan = TestTools.scan("Sample.java", source);
        assertThat(binaries(scan)).contains("/usr/bin/firefox", "skopeo", "crane", "jq", "yq", "helm", "buildah",
                "/usr/local/bin/geckodriver", "minikube");
        assertThat(scan.unresolved()).isEmpty();
        assertThat(scan.lookups()).contains(new Lookup("buildah", Optional.of("buildah"), "Sample.java"));
        assertThat(uncovered(TestTools.parse(""), scan)).contains("/usr/bin/firefox", "jq", "minikube");
    }

    @Test
    void aCallSiteWhoseBinaryCannotBeToldIsReported() {
        Scan scan = TestTools.scan("Sample.java", "List<String> cmd = commandFor(x);\nnew ProcessBuilder(cmd).start();\n");
        assertThat(scan.unresolved()).singleElement().asString().contains("Sample.java", "new ProcessBuilder(cmd)");
    }

    @Test
    void wordsThatOnlyContainAToolNameAreNotLookups() {
        Scan scan = TestTools.scan("Sample.java", String.join("\n",
                "String runId = \"kcat-run\";",
                "Repo.read(\"docker-compose.yml\");",
                "assertThat(init).contains(\"kafka-topics.sh\");",
                "assertThat(s).contains(\"exec /opt/jboss/container/java/run/run-java.sh\");",
                "String escaped = \"a \\\"podman\\\" b\";"));
        assertThat(scan.lookups()).isEmpty();
        assertThat(scan.unresolved()).isEmpty();
    }

    @Test
    void anAbsolutePathIsCoveredOnlyByThatPathAndANameByAnyEntryOfThatName() {
        Map<String, Entry> registry = TestTools.parse("# comment\n\n/usr/bin/prometheus prometheus launcher\nkcat kcat launcher\n");
        assertThat(TestTools.covers(registry, "/usr/bin/prometheus")).isTrue();
        assertThat(TestTools.covers(registry, "prometheus")).isTrue();
        assertThat(TestTools.covers(registry, "kcat")).isTrue();
        assertThat(TestTools.covers(registry, "/usr/local/bin/kcat")).isFalse();
        assertThat(TestTools.covers(registry, "podman")).isFalse();
    }

    // ---- the repository

    @Test
    void theRegistryIsWellFormed() {
        Map<String, Entry> registry = TestTools.registry();
        assertThat(registry).isNotEmpty();
        for (Entry e : registry.values()) {
            assertThat(e.tool()).as("tool").matches("(/[\\w.+-]+)+|[\\w.+-]+");
            assertThat(e.aptPackage()).as("Debian package of %s", e.tool()).matches("[a-z0-9][a-z0-9+.-]+");
            // who needs it: a file or module of the repository that really uses the tool
            Path user = Repo.path(e.neededBy().split("\\s+")[0]);
            assertThat(user).as("%s: %s names a path of the repository first", e.tool(), TestTools.REGISTRY).exists();
            assertThat(mentions(user, e.name())).as("%s mentions %s", user, e.name()).isTrue();
        }
    }

    @Test
    void everyBinaryATestLooksUpIsInTheRegistry() {
        Map<String, Entry> registry = TestTools.registry();
        List<Lookup> lookups = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        List<Path> sources = TestTools.testSources();
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path source : sources) {
            if (SCANNER_SOURCES.contains(source.getFileName().toString())) {
                continue;
            }
            String where = Repo.ROOT.relativize(source).toString().replace('\\', '/');
            Scan scan = TestTools.scan(where, read(source));
            lookups.addAll(scan.lookups());
            if (!PASS_THROUGH.contains(where)) {
                unresolved.addAll(scan.unresolved());
            }
        }
        // the scanner sees today's tools (a scanner that finds nothing would pass anything)
        assertThat(lookups.stream().map(Lookup::binary)).contains("/usr/bin/chromium", "/usr/bin/chromedriver",
                "/usr/bin/prometheus", "kcat", "java", "kubectl", "docker-compose");

        assertThat(lookups.stream().filter(l -> !TestTools.covers(registry, l.binary()))
                .map(l -> l.where() + ": " + l.binary()).distinct().toList())
                .as("binaries the tests start that %s does not list (add `<binary> <debian package> <who>`"
                        + " so that ./latentlab test installs them)", TestTools.REGISTRY)
                .isEmpty();
        assertThat(unresolved)
                .as("process starts whose binary the scan cannot tell: pass a string literal or a constant")
                .isEmpty();
        // Tool.run names the package in its failure message: the same as the registry's
        for (Lookup l : lookups) {
            l.aptPackage().ifPresent(p -> assertThat(p).as("%s: the package of %s", l.where(), l.binary())
                    .isEqualTo(TestTools.entryFor(registry, l.binary()).orElseThrow().aptPackage()));
        }
    }

    @Test
    void theLauncherInstallsFromTheRegistryAndRunsTheBuild() {
        String script = Repo.read("latentlab");
        assertThat(script).containsPattern("(?m)^\\s*test\\)")
                .contains("deploy/local/test-tools.txt", "deploy/local/fetch-mnist.sh", "LATENTLAB_MNIST_DIR",
                        "DEBIAN_FRONTEND=noninteractive", "apt-get install", "./mvnw -B verify \"$@\"");
    }

    @Test
    void ciRunsExactlyTheReadmesTestCommand() {
        List<String> lines = Arrays.stream(Repo.read(".ci/run").split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("set "))
                .toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).as("cd to the repository root").startsWith("cd ").contains("$0");
        assertThat(lines.get(1)).isEqualTo("exec ./latentlab test");
    }

    @Test
    void theReadmesSecondCommandIsTheTestCommand() {
        List<String> readme = Arrays.asList(Repo.read("README.md").split("\n"));
        int fence = readme.indexOf(readme.stream().filter(l -> l.startsWith("```")).findFirst().orElseThrow());
        assertThat(readme.get(fence + 2).replaceFirst("\\s+#.*$", "").strip()).isEqualTo("./latentlab test");
        assertThat(Repo.read("README.md")).contains(TestTools.REGISTRY);
    }

    private static List<String> binaries(Scan scan) {
        return scan.lookups().stream().map(Lookup::binary).toList();
    }

    private static List<String> uncovered(Map<String, Entry> registry, Scan scan) {
        return scan.lookups().stream().map(Lookup::binary).filter(b -> !TestTools.covers(registry, b)).distinct().toList();
    }

    private static boolean mentions(Path path, String word) {
        if (Files.isRegularFile(path)) {
            return read(path).contains(word);
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/"))
                    .anyMatch(f -> read(f).contains("\"" + word + "\"") || read(f).contains("/" + word + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
