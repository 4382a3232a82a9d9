package io.latentlab.model.rest;

import io.latentlab.ml.image.DigitPng;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.Deflater;

/** PNGs that must be refused with a 400, built to the byte. */
final class JunkPngs {

    private JunkPngs() {
    }

    /** Issue 25's: 74 bytes whose IHDR declares 40000×40000 8-bit grey pixels (the old reader allocated 1.6 GB). */
    static byte[] declaring40000x40000() {
        return HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200009c4000009c400800000000746751d9"
                + "0000001149444154000000000000000000000000000000000071b4ded30000000049454e44ae426082");
    }

    /** A valid digit's PNG cut in the middle of its image data. */
    static byte[] truncated() {
        byte[] png = DigitPng.write(new float[DigitPng.PIXELS]);
        return Arrays.copyOf(png, png.length / 2);
    }

    /** A 28×28 grey header over 32 MB of zeros deflated to about 32 KB. */
    static byte[] zlibBomb() {
        byte[] header = Arrays.copyOf(DigitPng.write(new float[DigitPng.PIXELS]), 33); // signature and IHDR
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < 32; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                data.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            data.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.writeBytes(header);
        chunk(png, "IDAT", data.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(type.getBytes());
        out.writeBytes(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
