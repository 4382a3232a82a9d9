package io.latentlab.control.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactServiceTest {

    @Test
    void pathsStayInsideTheRun() {
        assertThat(ArtifactService.safe("report.json")).isTrue();
        assertThat(ArtifactService.safe("pictures/confusion-pca-k16.png")).isTrue();
        assertThat(ArtifactService.safe("../other-run/report.json")).isFalse();
        assertThat(ArtifactService.safe("rows/../../x")).isFalse();
        assertThat(ArtifactService.safe("/etc/passwd")).isFalse();
        assertThat(ArtifactService.safe("a//b")).isFalse();
        assertThat(ArtifactService.safe("")).isFalse();
        assertThat(ArtifactService.safe(".")).isFalse();
        assertThat(ArtifactService.safe("pictures/./x.png")).isFalse();
        assertThat(ArtifactService.safe("..\\other\\report.json")).isFalse();
        assertThat(ArtifactService.safe("..%2Fother-run%2Freport.json")).isFalse();
        assertThat(ArtifactService.safe("%2e%2e/report.json")).isFalse();
        assertThat(ArtifactService.safe("report.json\u0000.png")).isFalse();
    }

    @Test
    void contentTypeByExtension() {
        assertThat(ArtifactService.contentType("report.json")).isEqualTo("application/json");
        assertThat(ArtifactService.contentType("report.md")).startsWith("text/markdown");
        assertThat(ArtifactService.contentType("report.html")).startsWith("text/html");
        assertThat(ArtifactService.contentType("x/Confusion.PNG")).isEqualTo("image/png");
        assertThat(ArtifactService.contentType("model.zip")).isEqualTo("application/octet-stream");
    }
}
