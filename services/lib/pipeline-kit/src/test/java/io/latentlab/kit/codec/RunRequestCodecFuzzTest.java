package io.latentlab.kit.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentlab.proto.RunRequest;
import java.nio.charset.StandardCharsets;

/**
 * Any payload of a run request (the REST body control forwards, a record on the run-request topic),
 * JSON or binary protobuf. Property: a request or a {@link MalformedMessageException}, never an
 * {@code Error}, never more than {@link RunRequestCodec#MAX_BYTES} parsed; and a request that decodes
 * prints as JSON that decodes to the same request (control shows it, users copy it).
 */
class RunRequestCodecFuzzTest {

    @FuzzTest
    void decodesOrRefuses(byte[] payload) {
        RunRequest request;
        try {
            request = RunRequestCodec.decode(payload);
        } catch (MalformedMessageException refused) {
            return;
        }
        assertThat(payload.length).isLessThanOrEqualTo(RunRequestCodec.MAX_BYTES);
        byte[] json = RunRequestCodec.toJson(request).getBytes(StandardCharsets.UTF_8);
        if (json.length <= RunRequestCodec.MAX_BYTES) { // JSON escapes can make it longer than the binary
            assertThat(RunRequestCodec.decode(json)).isEqualTo(request);
        }
    }
}
