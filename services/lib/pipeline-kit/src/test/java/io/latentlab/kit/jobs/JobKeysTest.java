package io.latentlab.kit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentlab.proto.Architecture;
import io.latentlab.proto.TrainingSettings;

import org.junit.jupiter.api.Test;

class JobKeysTest {

    static final Architecture CONFIG = Architecture.newBuilder().setName("A1").addHidden(512).addHidden(256).build();

    @Test
    void sameInputsGiveTheSameKey() {
        String key = JobKeys.of("classifier-trainer", "1", CONFIG, "aaa", "bbb");

        assertThat(key).hasSize(24).matches("[0-9a-f]+");
        assertThat(JobKeys.of("classifier-trainer", "1", Architecture.newBuilder(CONFIG).build(), "aaa", "bbb"))
                .isEqualTo(key);
    }

    @Test
    void anyChangedPartGivesAnotherKey() {
        String key = JobKeys.of("classifier-trainer", "1", CONFIG, "aaa", "bbb");

        assertThat(JobKeys.of("reducer-trainer", "1", CONFIG, "aaa", "bbb")).isNotEqualTo(key);
        assertThat(JobKeys.of("classifier-trainer", "2", CONFIG, "aaa", "bbb")).isNotEqualTo(key);
        assertThat(JobKeys.of("classifier-trainer", "1", CONFIG.toBuilder().setHidden(1, 128).build(), "aaa", "bbb"))
                .isNotEqualTo(key);
        assertThat(JobKeys.of("classifier-trainer", "1", CONFIG, "aaa", "bbc")).isNotEqualTo(key);
        assertThat(JobKeys.of("classifier-trainer", "1", CONFIG, "bbb", "aaa")).isNotEqualTo(key);
        assertThat(JobKeys.of("classifier-trainer", "1", CONFIG, "aaa")).isNotEqualTo(key);
    }

    @Test
    void partsAreSeparatedUnambiguously() {
        assertThat(JobKeys.of("ab", "c", CONFIG)).isNotEqualTo(JobKeys.of("a", "bc", CONFIG));
        assertThat(JobKeys.of("s", "1", CONFIG, "ab", "c")).isNotEqualTo(JobKeys.of("s", "1", CONFIG, "a", "bc"));
        // an empty config of another type has the same (empty) bytes
        assertThat(JobKeys.of("s", "1", Architecture.getDefaultInstance()))
                .isNotEqualTo(JobKeys.of("s", "1", TrainingSettings.getDefaultInstance()));
    }

    @Test
    void sha256HexMatchesTheKnownDigest() {
        assertThat(Hashing.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashing.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
