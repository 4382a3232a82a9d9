package io.latentlab.kit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one run-id rule and generator (data-prep, control, the model server and the launcher use them). */
class RunIdsTest {

    @Test
    void runIdsAreSafeAsKeysAndDirectories() {
        assertThat(RunIds.valid("quick-20261127-101500-3fa2")).isTrue();
        assertThat(RunIds.valid("a")).isTrue();
        assertThat(RunIds.valid("A.b_c-9")).isTrue();
        assertThat(RunIds.valid("a".repeat(64))).isTrue();
        assertThat(RunIds.valid("a".repeat(65))).isFalse();
        assertThat(RunIds.valid(".")).isFalse();
        assertThat(RunIds.valid("..")).isFalse();
        assertThat(RunIds.valid(".hidden")).isFalse();
        assertThat(RunIds.valid("-rf")).isFalse();
        assertThat(RunIds.valid("_x")).isFalse();
        assertThat(RunIds.valid("a/b")).isFalse();
        assertThat(RunIds.valid("a b")).isFalse();
        assertThat(RunIds.valid("")).isFalse();
        assertThat(RunIds.valid(null)).isFalse();
        assertThat(RunIds.newRunId("-quick")).startsWith("quick-");
        assertThat(RunIds.newRunId("...")).startsWith("run-");
    }

    @Test
    void newRunIdsAreValidWhateverTheProfile() {
        assertThat(RunIds.newRunId("quick")).matches("quick-\\d{8}-\\d{6}-[0-9a-f]{4}");
        assertThat(RunIds.newRunId("")).startsWith("run-");
        assertThat(RunIds.newRunId("my profile/2")).startsWith("myprofile2-");
        assertThat(RunIds.valid(RunIds.newRunId("seed"))).isTrue();
        assertThat(RunIds.valid("a/b")).isFalse();
    }
}
