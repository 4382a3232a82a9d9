package io.latentlab.ml.image;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's IHDR, checked against the expected shape and PNG's rules, and what follows from it: the bytes the image
 * data must inflate to, which bounds the inflating ({@link #checkImageData}).
 */
record PngHeader(byte[] bytes, int width, int height, int bitDepth, int colourType, boolean interlaced) {

    static PngHeader of(byte[] data, int width, int height) {
        if (data.length != 13) {
            throw new InvalidPngException("the IHDR chunk is " + data.length + " bytes, not 13");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        long w = Integer.toUnsignedLong(b.getInt());
        long h = Integer.toUnsignedLong(b.getInt());
        int bitDepth = b.get() & 0xff;
        int colourType = b.get() & 0xff;
        int compression = b.get() & 0xff;
        int filter = b.get() & 0xff;
        int interlace = b.get() & 0xff;
        if (w != width || h != height) {
            throw new InvalidPngException("the image is " + w + "x" + h + " pixels; the dataset's images are "
                    + width + "x" + height);
        }
        String depths = switch (colourType) {
            case 0 -> "1 2 4 8 16";
            case 3 -> "1 2 4 8";
            case 2, 4, 6 -> "8 16";
            default -> throw new InvalidPngException("colour type " + colourType
                    + " is not a PNG colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA)");
        };
        if (!(" " + depths + " ").contains(" " + bitDepth + " ")) {
            throw new InvalidPngException("bit depth " + bitDepth + " is not valid for colour type " + colourType
                    + " (valid: " + depths + ")");
        }
        if (compression != 0 || filter != 0) {
            throw new InvalidPngException("compression method " + compression + " and filter method " + filter
                    + ": PNG knows only 0 and 0");
        }
        if (interlace > 1) {
            throw new InvalidPngException("interlace method " + interlace + ": PNG knows only 0 (none) and 1 (Adam7)");
        }
        return new PngHeader(data, width, height, bitDepth, colourType, interlace == 1);
    }

    byte[] checkTransparency(byte[] data, byte[] palette) {
        int expected = switch (colourType) {
            case 0 -> 2;
            case 2 -> 6;
            case 3 -> {
                if (palette == null) {
                    throw new InvalidPngException("a tRNS chunk must follow the PLTE chunk");
                }
                yield -palette.length / 3;
            }
            default -> throw new InvalidPngException("a PNG with an alpha channel must not have a tRNS chunk");
        };
        if (expected >= 0 ? data.length != expected : data.length > -expected) {
            throw new InvalidPngException("the tRNS chunk is " + data.length + " bytes; colour type " + colourType
                    + " allows " + (expected >= 0 ? "exactly " + expected : "at most " + -expected));
        }
        return data;
    }

    /** What the filtered scanlines take: a filter byte and the packed samples per row, per Adam7 pass if interlaced. */
    long rawBytes() {
        int bitsPerPixel = bitDepth * switch (colourType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
        if (!interlaced) {
            return passBytes(width, height, bitsPerPixel);
        }
        int[][] passes = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
                {0, 1, 1, 2}}; // x0, y0, dx, dy
        long total = 0;
        for (int[] p : passes) {
            total += passBytes((width - p[0] + p[2] - 1) / p[2], (height - p[1] + p[3] - 1) / p[3], bitsPerPixel);
        }
        return total;
    }

    private static long passBytes(long columns, long rows, int bitsPerPixel) {
        return columns <= 0 || rows <= 0 ? 0 : rows * (1 + (columns * bitsPerPixel + 7) / 8);
    }

    /** Inflates at most what the header needs (plus one byte, to see whether there is more): never a zlib bomb. */
    void checkImageData(byte[] compressed) {
        long needed = rawBytes();
        byte[] out = new byte[(int) needed + 1];
        Inflater inflater = new Inflater();
        int produced = 0;
        try {
            inflater.setInput(compressed);
            while (produced < out.length && !inflater.finished()) {
                int n = inflater.inflate(out, produced, out.length - produced);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                produced += n;
            }
            if (inflater.needsDictionary()) {
                throw new InvalidPngException("the image data asks for a preset zlib dictionary, which PNG forbids");
            }
        } catch (DataFormatException e) {
            throw new InvalidPngException("the image data is not valid zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
        if (produced < needed) {
            throw new InvalidPngException("the image data is truncated: it inflates to " + produced
                    + " bytes; a " + width + "x" + height + " image of colour type " + colourType + " at "
                    + bitDepth + " bits needs " + needed);
        }
        if (produced > needed) {
            throw new InvalidPngException("the image data inflates to more than the " + needed + " bytes a "
                    + width + "x" + height + " image of colour type " + colourType + " at " + bitDepth + " bits needs");
        }
        int rowBytes = (int) (needed / height);
        for (int row = 0; !interlaced && row < height; row++) {
            int filter = out[row * rowBytes] & 0xff;
            if (filter > 4) {
                throw new InvalidPngException("row " + row + " has filter type " + filter + "; PNG knows 0 to 4");
            }
        }
    }
}
