package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes as a dataset's manifest.json (staged by whoever can write the bucket): a manifest whose every value
 * passed its checks, or an {@link IllegalArgumentException} saying what is wrong; never another exception.
 */
class DatasetManifestFuzzTest {

    @FuzzTest
    void parsesAValidManifestOrRefuses(byte[] json) {
        try {
            DatasetManifest manifest = DatasetManifest.fromJson(json);
            assertThat(manifest.rows()).isEqualTo(28);
            assertThat(manifest.classNames()).hasSizeBetween(2, 256);
            assertThat(DatasetManifest.fromJson(manifest.toJson())).isEqualTo(manifest);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
    }
}
