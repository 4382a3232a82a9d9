package io.latentlab.ml.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Checks a PNG's structure before any decoder sees it, and bounds the work doing so: the signature, every chunk's
 * declared length against the bytes present, the number of chunks, the IDAT bytes, the IHDR (the expected shape,
 * a valid bit depth and colour type) and that the image data inflates to what the header needs (inflating no more
 * than that). What passes is rebuilt with the critical chunks only (IHDR, PLTE, tRNS, IDAT as one chunk, IEND):
 * ancillary chunks (iCCP, zTXt, iTXt, ...) are skipped unread, so a decoder never inflates or parses them.
 */
final class PngCheck {

    /** The largest PNG read: a 28×28 image is a few KB even with a colour profile. */
    static final int MAX_BYTES = 1 << 20;
    /** Chunks allowed before IEND (an editor writes about ten). */
    static final int MAX_CHUNKS = 100;
    /** Compressed image data allowed (a 28×28 16-bit RGBA image is 6 300 bytes uncompressed). */
    static final int MAX_IDAT_BYTES = 64 << 10;

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngCheck() {
    }

    /**
     * @return a minimal PNG of the same image, safe to hand to a decoder: its raster is width × height and its
     *         data inflates to exactly what that needs
     * @throws InvalidPngException naming what is wrong
     */
    static byte[] essentials(byte[] png, int width, int height) {
        if (png.length > MAX_BYTES) {
            throw new InvalidPngException("the PNG is " + png.length + " bytes; at most " + MAX_BYTES + " are read");
        }
        if (png.length < SIGNATURE.length || !java.util.Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0,
                SIGNATURE.length)) {
            throw new InvalidPngException("not a PNG (the body does not start with the PNG signature)");
        }
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(SIGNATURE.length);
        PngHeader header = null;
        byte[] palette = null;
        byte[] transparency = null;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        boolean idatSeen = false;
        boolean idatEnded = false;
        for (int chunks = 1; ; chunks++) {
            if (chunks > MAX_CHUNKS) {
                throw new InvalidPngException("the PNG has more than " + MAX_CHUNKS + " chunks");
            }
            if (in.remaining() < 12) {
                throw new InvalidPngException("the PNG is truncated: " + (header == null ? "no IHDR" : "no IEND")
                        + " chunk (" + in.remaining() + " bytes left where a chunk needs at least 12)");
            }
            long length = Integer.toUnsignedLong(in.getInt());
            String type = chunkType(in);
            if (length > in.remaining() - 4) {
                throw new InvalidPngException("chunk " + type + " declares " + length + " bytes, but only "
                        + Math.max(0, in.remaining() - 4) + " follow it");
            }
            int start = in.position() - 4;
            byte[] data = new byte[(int) length];
            in.get(data);
            int crc = in.getInt();
            if (header == null && !type.equals("IHDR")) {
                throw new InvalidPngException("the first chunk must be IHDR, got " + type);
            }
            if (idatSeen && !type.equals("IDAT")) {
                idatEnded = true;
            }
            boolean critical = Character.isUpperCase(type.charAt(0));
            if (critical || type.equals("tRNS")) {
                checkCrc(png, start, (int) length, crc, type);
            }
            switch (type) {
                case "IHDR" -> {
                    if (header != null) {
                        throw new InvalidPngException("the PNG has two IHDR chunks");
                    }
                    header = PngHeader.of(data, width, height);
                }
                case "PLTE" -> {
                    if (palette != null || idatSeen) {
                        throw new InvalidPngException("a PLTE chunk must come once, before the image data");
                    }
                    if (length == 0 || length % 3 != 0 || length / 3 > (1 << Math.min(8, header.bitDepth()))) {
                        throw new InvalidPngException("the PLTE chunk is " + length + " bytes; a palette is 1 to "
                                + (1 << Math.min(8, header.bitDepth())) + " RGB triples");
                    }
                    if (header.colourType() == 0 || header.colourType() == 4) {
                        throw new InvalidPngException("a grey PNG must not have a PLTE chunk");
                    }
                    palette = data;
                }
                case "tRNS" -> {
                    if (transparency != null || idatSeen) {
                        throw new InvalidPngException("a tRNS chunk must come once, before the image data");
                    }
                    transparency = header.checkTransparency(data, palette);
                }
                case "IDAT" -> {
                    if (idatEnded) {
                        throw new InvalidPngException("the IDAT chunks must be consecutive");
                    }
                    if (idat.size() + length > MAX_IDAT_BYTES) {
                        throw new InvalidPngException("the image data is more than " + MAX_IDAT_BYTES
                                + " compressed bytes; a " + width + "x" + height + " image needs far less");
                    }
                    idatSeen = true;
                    idat.writeBytes(data);
                }
                case "IEND" -> {
                    if (!idatSeen) {
                        throw new InvalidPngException("the PNG has no image data (IDAT chunk)");
                    }
                    if (header.colourType() == 3 && palette == null) {
                        throw new InvalidPngException("a palette PNG needs a PLTE chunk");
                    }
                    byte[] compressed = idat.toByteArray();
                    header.checkImageData(compressed);
                    return rebuild(header.bytes(), header.colourType() == 3 ? palette : null, transparency, compressed);
                }
                default -> {
                    if (critical) {
                        throw new InvalidPngException("unknown critical chunk " + type);
                    }
                }
            }
        }
    }

    private static String chunkType(ByteBuffer in) {
        byte[] type = new byte[4];
        in.get(type);
        for (byte b : type) {
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z')) {
                throw new InvalidPngException("a chunk type must be 4 ASCII letters, got bytes "
                        + java.util.HexFormat.of().formatHex(type));
            }
        }
        return new String(type, StandardCharsets.US_ASCII);
    }

    private static void checkCrc(byte[] png, int typeStart, int length, int expected, String type) {
        CRC32 crc = new CRC32();
        crc.update(png, typeStart, 4 + length);
        if ((int) crc.getValue() != expected) {
            throw new InvalidPngException("chunk " + type + " fails its CRC check (corrupt bytes)");
        }
    }

    private static byte[] rebuild(byte[] ihdr, byte[] palette, byte[] transparency, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.length + 1024);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ihdr);
        if (palette != null) {
            chunk(out, "PLTE", palette);
        }
        if (transparency != null) {
            chunk(out, "tRNS", transparency);
        }
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Length, type, data, CRC-32 of type and data. */
    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
