package io.latentlab.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation leads somewhere: every relative link and anchor of README.md and docs/ exists, every doc page or
 * heading that code, configuration, scripts and tests cite exists, nothing points at a design or study note outside
 * the repository, and the README stays a short index of docs/. The checker itself is tested on small repositories
 * with one broken reference each.
 */
class DocLinksTest {

    // built from parts, so that this file does not cite them itself
    private static final List<String> OUTSIDE_NOTES = List.of("../" + "shared", "DESIGN" + ".md", "STUDY" + ".md");

    @TempDir
    Path repo;

    @Test
    void everyLinkAnchorAndCitedDocOfTheRepositoryExists() {
        assertThat(new DocLinks(Repo.ROOT).problems()).isEmpty();
    }

    @Test
    void nothingOutsideDocsPointsAtANoteOutsideTheRepository() {
        assertThat(new DocLinks(Repo.ROOT).mentionsOutsideDocs(OUTSIDE_NOTES)).isEmpty();
    }

    @Test
    void theReadmeIsShortAndIndexesEveryDocPage() throws IOException {
        String readme = Repo.read("README.md");
        assertThat(readme.split("\n")).as("README.md lines").hasSizeLessThanOrEqualTo(160);
        try (Stream<Path> pages = Files.list(Repo.path("docs"))) {
            pages.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .forEach(page -> assertThat(readme).as("README links docs/%s", page).contains("(docs/" + page + ")"));
        }
    }

    @Test
    void aLinkToAMissingFileIsReported() throws IOException {
        write("README.md", "# R\n\nSee [the design](docs/design.md) and [the web](https://example.com/x.md).\n");
        assertThat(problems()).singleElement().asString()
                .startsWith("README.md:3: ").contains("docs/design.md").contains("no file");
    }

    @Test
    void aLinkToAMissingHeadingIsReportedAndAnExistingOneIsNot() throws IOException {
        write("docs/design.md", "# Design\n\n## Draw a digit: the model server\n\n## What is in `k8s/`\n");
        write("README.md", "[a](docs/design.md#draw-a-digit-the-model-server) [b](docs/design.md#what-is-in-k8s)"
                + " [c](docs/design.md#leases) [d](#r)\n\n# R\n");
        assertThat(problems()).singleElement().asString().contains("docs/design.md#leases").contains("no heading #leases");
    }

    @Test
    void linksInCodeAreNotLinks() throws IOException {
        write("README.md", "# R\n\n```\n[a](missing.md)\n```\n\n`[b](missing.md)`\n");
        assertThat(problems()).isEmpty();
    }

    @Test
    void aCitedDocPageOrHeadingThatDoesNotExistIsReported() throws IOException {
        write("docs/security.md", "# Security\n\n## Setting the secrets\n");
        write("README.md", "# R\n\n## Security\n");
        write("app/application.properties", String.join("\n",
                "# (" + doc("security.md") + " \"Setting the secrets\") and (" + doc("security.md") + ")",
                "# (" + doc("security.md") + " \"Secrets\")",
                "# (" + doc("reliability.md") + ")",
                "# (" + readme("Security") + ") (" + readme("Reliability") + ")"));
        assertThat(problems()).containsExactly(
                "app/application.properties:2: cites " + doc("security.md") + " \"Secrets\", a heading it does not have",
                "app/application.properties:3: cites " + doc("reliability.md") + ", which does not exist",
                "app/application.properties:4: cites " + readme("Reliability") + ", a heading it does not have");
    }

    @Test
    void buildOutputIsNotScanned() throws IOException {
        write("svc/target/classes/application.properties", "# " + doc("gone.md") + "\n");
        assertThat(problems()).isEmpty();
    }

    @Test
    void aNoteOutsideTheRepositoryIsFoundOutsideDocsOnly() throws IOException {
        write("docs/design.md", "# Design\n\nOnce called " + OUTSIDE_NOTES.get(1) + ".\n");
        write("latentlab", "#!/bin/sh\n# one training per core (" + OUTSIDE_NOTES.get(1) + ")\n");
        assertThat(new DocLinks(repo).mentionsOutsideDocs(OUTSIDE_NOTES))
                .containsExactly("latentlab:2: # one training per core (" + OUTSIDE_NOTES.get(1) + ")");
    }

    @Test
    void anchorsFollowGitHubsRule() {
        assertThat(DocLinks.slug("Draw a digit: the model server")).isEqualTo("draw-a-digit-the-model-server");
        assertThat(DocLinks.slug("This machine's ceiling")).isEqualTo("this-machines-ceiling");
        assertThat(DocLinks.slug("What is in `k8s/`")).isEqualTo("what-is-in-k8s");
        assertThat(DocLinks.slug("Reading a report: repeats, statistics, verdict, comparison"))
                .isEqualTo("reading-a-report-repeats-statistics-verdict-comparison");
    }

    /** A citation of a doc page, built from parts so that this file does not cite it itself. */
    private static String doc(String page) {
        return "docs" + "/" + page;
    }

    private static String readme(String heading) {
        return "README" + " \"" + heading + "\"";
    }

    private List<String> problems() {
        return new DocLinks(repo).problems();
    }

    private void write(String relative, String text) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
