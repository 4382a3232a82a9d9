package io.latentlab.ml.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/** PNGs built chunk by chunk, to say exactly what a test's bytes declare (sizes, lengths, compressed data). */
final class PngBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private PngBytes() {
        out.writeBytes(PngCheck.SIGNATURE);
    }

    static PngBytes signature() {
        return new PngBytes();
    }

    /** The usual start: signature and IHDR. */
    static PngBytes header(long width, long height, int bitDepth, int colourType, int interlace) {
        return signature().chunk("IHDR", ByteBuffer.allocate(13).putInt((int) width).putInt((int) height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) interlace).array());
    }

    /** A valid 28×28 8-bit grey image of one grey level, unfiltered rows. */
    static PngBytes grey(int level) {
        byte[] rows = new byte[28 * 29];
        for (int r = 0; r < 28; r++) {
            java.util.Arrays.fill(rows, r * 29 + 1, r * 29 + 29, (byte) level);
        }
        return header(28, 28, 8, 0, 0).chunk("IDAT", deflate(rows));
    }

    PngBytes chunk(String type, byte[] data) {
        PngCheck.chunk(out, type, data);
        return this;
    }

    PngBytes end() {
        return chunk("IEND", new byte[0]);
    }

    PngBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        return deflate(data, 1);
    }

    /** {@code data} repeated {@code times} times, deflated at the best compression (a zlib bomb for many zeros). */
    static byte[] deflate(byte[] data, int times) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 << 10];
            for (int t = 0; t < times; t++) {
                deflater.setInput(data);
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
