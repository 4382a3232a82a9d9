package io.latentlab.runtime.provenance;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class BuildInfoTest {

    @Test
    void theCodeVersionIsTheCommitWithADirtyFlag() {
        Properties clean = new Properties();
        clean.setProperty("git.commit.id.abbrev", "84c4c9a594d4");
        clean.setProperty("git.commit.id.full", "84c4c9a594d4e7dea00d119948d1a0fbaa6a1df8");
        clean.setProperty("git.dirty", "false");
        assertThat(BuildInfo.from(clean).codeVersion()).isEqualTo("84c4c9a594d4");
        assertThat(BuildInfo.from(clean).fullCommit()).isEqualTo("84c4c9a594d4e7dea00d119948d1a0fbaa6a1df8");

        Properties dirty = (Properties) clean.clone();
        dirty.setProperty("git.dirty", "true");
        assertThat(BuildInfo.from(dirty).codeVersion()).isEqualTo("84c4c9a594d4-dirty");
        assertThat(BuildInfo.from(dirty).dirty()).isTrue();
    }

    @Test
    void withoutGitItIsUnknown() {
        BuildInfo none = BuildInfo.from(new Properties());
        assertThat(none.codeVersion()).isEqualTo("unknown");
        assertThat(none.fullCommit()).isEqualTo("unknown");
    }

    @Test
    void thisBuildWroteItsCommit() {
        // the git-commit-id plugin runs in this module's build; in a git clone it writes the commit
        assertThat(BuildInfo.current().codeVersion()).matches("[0-9a-f]{12}(-dirty)?|unknown");
        assertThat(BuildInfo.class.getResource(BuildInfo.RESOURCE)).as("git.properties beside BuildInfo").isNotNull();
    }

    @Test
    void theMachineIsDescribed() {
        assertThat(TrainingEnvironment.mavenVersion("org.deeplearning4j", "deeplearning4j-nn")).isEqualTo("1.0.0-M2.1");
        assertThat(TrainingEnvironment.mavenVersion("no.such", "artifact")).isEqualTo("unknown");
        assertThat(TrainingEnvironment.cpuModel()).isNotBlank();
    }
}
