package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {

    private static final String SHA = "a".repeat(64);

    static DatasetManifest tiny(String name, List<String> classNames) {
        return new DatasetManifest(name, classNames, 28, 28, "a test",
                new DatasetFile("train-images.gz", SHA, 10), new DatasetFile("train-labels", "b".repeat(64), 11),
                new DatasetFile("test-images", "c".repeat(64), 12), new DatasetFile("test-labels", "d".repeat(64), 13));
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        DatasetManifest manifest = tiny("shapes", List.of("T-shirt/top", "Trouser", "Bag"));
        DatasetManifest parsed = DatasetManifest.fromJson(manifest.toJson());
        assertThat(parsed).isEqualTo(manifest);
        assertThat(parsed.trainImages().gzipped()).isTrue();
        assertThat(parsed.testLabels().gzipped()).isFalse();
        assertThat(new String(manifest.toJson(), StandardCharsets.UTF_8))
                .contains("\"classNames\"", "\"T-shirt/top\"", "\"trainImages\"", "\"sha256\"", "\"size\" : 10");
    }

    @Test
    void mnistIsBuiltInWithTheFilesMnistFileNames() {
        DatasetManifest mnist = DatasetManifest.MNIST;
        assertThat(mnist.isMnist()).isTrue();
        assertThat(mnist.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(mnist.files()).extracting(DatasetFile::file).containsExactly("train-images-idx3-ubyte",
                "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
        // the string every MNIST split's identity has always hashed: unchanged, so MNIST's dataset and job keys stay
        assertThat(mnist.fileHashes()).isEqualTo(String.join(",", MnistFile.TRAIN_IMAGES.sha256(),
                MnistFile.TRAIN_LABELS.sha256(), MnistFile.TEST_IMAGES.sha256(), MnistFile.TEST_LABELS.sha256()));
        assertThat(DatasetManifest.fromJson(mnist.toJson())).isEqualTo(mnist);
    }

    @Test
    void checksumDependsOnNameAndEveryFile() {
        DatasetManifest a = tiny("shapes", List.of("a", "b"));
        assertThat(a.sha256()).hasSize(64).isNotEqualTo(tiny("shapes2", List.of("a", "b")).sha256());
        DatasetManifest otherFile = new DatasetManifest("shapes", List.of("a", "b"), 28, 28, "",
                a.trainImages(), a.trainLabels(), a.testImages(), new DatasetFile("test-labels", "e".repeat(64), 13));
        assertThat(otherFile.sha256()).isNotEqualTo(a.sha256());
    }

    @Test
    void imagesThatAreNot28x28AreRefusedWithTheReason() {
        DatasetManifest m = tiny("shapes", List.of("a", "b"));
        assertThatThrownBy(() -> new DatasetManifest("shapes", List.of("a", "b"), 32, 32, "", m.trainImages(),
                m.trainLabels(), m.testImages(), m.testLabels()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("images are 32x32 pixels: Latent Lab takes 28x28 images only");
    }

    @Test
    void eachBadValueIsRefusedWithAClearReason() {
        assertThatThrownBy(() -> tiny("Bad Name", List.of("a", "b"))).hasMessageContaining("dataset name must be");
        assertThatThrownBy(() -> tiny("x", List.of("a"))).hasMessageContaining("classNames must name 2 to 256 classes, got 1");
        assertThatThrownBy(() -> tiny("x", List.of("a", "a"))).hasMessageContaining("class name 'a' is listed twice");
        assertThatThrownBy(() -> tiny("x", List.of("a", " "))).hasMessageContaining("a class name must be 1-64 printable");
        assertThatThrownBy(() -> new DatasetFile("../etc/passwd", SHA, 1)).hasMessageContaining("file name must be");
        assertThatThrownBy(() -> new DatasetFile("f", "ABC", 1)).hasMessageContaining("sha256 of f must be 64 lower-case hex");
        assertThatThrownBy(() -> new DatasetFile("f", SHA, -1)).hasMessageContaining("size of f must not be negative");
    }

    @Test
    void malformedJsonIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> parse("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset manifest is not JSON");
        assertThatThrownBy(() -> parse("[1]")).hasMessage("dataset manifest must be a JSON object");
        assertThatThrownBy(() -> parse("{\"name\":\"x\",\"classNames\":[\"a\",\"b\"],\"rows\":28,\"cols\":28}"))
                .hasMessageContaining("files must be an object");
        String noTestLabels = new String(tiny("x", List.of("a", "b")).toJson(), StandardCharsets.UTF_8)
                .replace("\"testLabels\"", "\"other\"");
        assertThatThrownBy(() -> parse(noTestLabels)).hasMessage("dataset manifest: files.testLabels is missing");
        String textRows = new String(tiny("x", List.of("a", "b")).toJson(), StandardCharsets.UTF_8)
                .replace("\"rows\" : 28", "\"rows\" : \"28\"");
        assertThatThrownBy(() -> parse(textRows)).hasMessage("dataset manifest: rows must be a non-negative integer");
        assertThatThrownBy(() -> DatasetManifest.fromJson(new byte[DatasetManifest.MAX_JSON_BYTES + 1]))
                .hasMessageContaining("a dataset manifest is at most 65536 bytes");
    }

    private static DatasetManifest parse(String json) {
        return DatasetManifest.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }
}
