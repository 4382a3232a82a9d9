package io.latentlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Any bytes read back as a training checkpoint (a trainer resuming from the object store): decoding
 * returns a checkpoint whose arrays fit the bytes, or refuses with an {@link IllegalArgumentException}.
 * Never an {@code Error}, never more memory than the bytes: every count is checked against what is left
 * before anything is allocated. The input is decoded as it is (the CRC-32 refuses nearly all of it)
 * and again with its last four bytes replaced by a valid CRC-32, so that the fuzzer reaches the fields.
 */
class CheckpointCodecFuzzTest {

    @FuzzTest
    void decodesOrRefuses(byte[] bytes) {
        decode(bytes);
        if (bytes.length >= 4) {
            decode(withValidCrc(bytes));
        }
    }

    private static void decode(byte[] bytes) {
        try {
            TrainingCheckpoint c = TrainingCheckpoint.fromBytes(bytes);
            long values = c.params().length() + c.bestParams().length()
                    + (c.updaterState() == null ? 0 : c.updaterState().length()) + 2L * c.epoch();
            assertThat(values).isLessThanOrEqualTo(bytes.length);
        } catch (IllegalArgumentException refused) {
            // documented refusal
        }
    }

    private static byte[] withValidCrc(byte[] bytes) {
        byte[] fixed = Arrays.copyOf(bytes, bytes.length);
        CRC32 crc = new CRC32();
        crc.update(fixed, 0, fixed.length - 4);
        ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN).putInt(fixed.length - 4, (int) crc.getValue());
        return fixed;
    }
}
