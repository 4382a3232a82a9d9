package io.latentlab.kit.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.latentlab.kit.plan.Correction;
import io.latentlab.proto.Progress;
import io.latentlab.proto.ReducerSpec;
import io.latentlab.proto.RunRequest;
import io.latentlab.proto.SplitSizes;

import org.junit.jupiter.api.Test;

class RunRequestCodecTest {

    static final RunRequest REQUEST = RunRequest.newBuilder()
            .setProfile("quick")
            .addAllDigits(java.util.List.of(0, 1, 2, 4, 7))
            .setSplit(SplitSizes.newBuilder().setTrainPerDigit(100).setValPerDigit(20).setTestPerDigit(20))
            .setSeed(42)
            .addReducers(ReducerSpec.newBuilder().setKind("pca").addK(16).addK(64))
            .build();

    @Test
    void parsesOneLineJsonAsTypedByAUser() {
        String json = "  {\"profile\":\"quick\",\"digits\":[0,1,2,4,7],"
                + "\"split\":{\"trainPerDigit\":100,\"valPerDigit\":20,\"testPerDigit\":20},"
                + "\"seed\":\"42\",\"reducers\":[{\"kind\":\"pca\",\"k\":[16,64]}]}\n";

        assertThat(RunRequestCodec.decode(utf8(json))).isEqualTo(REQUEST);
    }

    @Test
    void toJsonIsOneLineAndRoundTrips() {
        String json = RunRequestCodec.toJson(REQUEST);

        assertThat(json).doesNotContain("\n").startsWith("{\"profile\":\"quick\"");
        assertThat(RunRequestCodec.decode(utf8(json))).isEqualTo(REQUEST);
    }

    @Test
    void theCorrectionIsARequestField() {
        RunRequest request = RunRequestCodec.decode(utf8("{\"profile\":\"seed\",\"correction\":\"bh\"}"));

        assertThat(request.getCorrection()).isEqualTo("bh");
        assertThat(Correction.of(request)).isEqualTo(Correction.BH);
        assertThat(Correction.of(RunRequestCodec.decode(utf8("{\"profile\":\"seed\"}"))))
                .isEqualTo(Correction.HOLM);
        assertThat(Correction.named("bonferroni")).isEmpty();
    }

    @Test
    void parsesBinaryProtobuf() {
        assertThat(RunRequestCodec.decode(REQUEST.toByteArray())).isEqualTo(REQUEST);
    }

    @Test
    void parsesBinaryWhoseFirstByteLooksLikeWhitespace() {
        // field 1 (run_id) starts with 0x0A = '\n'; a 123-char id makes the next byte '{'
        RunRequest request = RunRequest.newBuilder().setRunId("r".repeat(123)).build();

        assertThat(RunRequestCodec.decode(request.toByteArray())).isEqualTo(request);
    }

    @Test
    void refusesAPayloadOverTheLimitBeforeParsingIt() {
        byte[] payload = utf8("{\"profile\":\"" + "q".repeat(RunRequestCodec.MAX_BYTES) + "\"}");

        assertThatThrownBy(() -> RunRequestCodec.decode(payload))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("run request is " + payload.length + " bytes; the limit is 65536");
    }

    /** 20000 nested arrays: refused by the parser's nesting limit, not a StackOverflowError. */
    @Test
    void refusesDeeplyNestedJsonWithoutOverflowingTheStack() {
        byte[] payload = utf8("{\"digits\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}");

        assertThatThrownBy(() -> RunRequestCodec.decode(payload))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("invalid run request JSON");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> RunRequestCodec.decode(utf8("not a message")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("neither JSON nor binary");
    }

    @Test
    void rejectsBinaryOfAnotherMessageType() {
        byte[] progress = Progress.newBuilder().setTimestampMs(1_700_000_000_000L).build().toByteArray();

        assertThatThrownBy(() -> RunRequestCodec.decode(progress))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unknown protobuf fields");
    }

    /** Found by {@link RunRequestCodecFuzzTest}: an unknown field inside the split passed, and JSON then dropped it. */
    @Test
    void rejectsBinaryWithUnknownFieldsInANestedMessage() {
        byte[] split = {0x08, 100, 0x20, 32}; // train_per_digit 100, then field 4, which SplitSizes has not
        byte[] request = {0x22, (byte) split.length, split[0], split[1], split[2], split[3]};

        assertThatThrownBy(() -> RunRequestCodec.decode(request))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unknown protobuf fields [4] in split");
    }

    @Test
    void rejectsBrokenJson() {
        assertThatThrownBy(() -> RunRequestCodec.decode(utf8("{\"profile\": ")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("invalid run request JSON");
    }

    @Test
    void rejectsUnknownJsonField() {
        assertThatThrownBy(() -> RunRequestCodec.decode(utf8("{\"profile\":\"quick\",\"digitz\":[1]}")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("digitz");
    }

    @Test
    void rejectsEmptyPayloads() {
        assertThatThrownBy(() -> RunRequestCodec.decode(new byte[0]))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> RunRequestCodec.decode(utf8(" \n")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("empty");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
