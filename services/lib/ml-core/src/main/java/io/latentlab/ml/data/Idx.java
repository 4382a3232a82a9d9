package io.latentlab.ml.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Parser for the IDX format of MNIST (big-endian header, unsigned bytes). The header's counts are
 * checked, in {@code long}, against the file's length and against {@link #MAX_VALUES} before anything
 * is allocated, so a header that declares 2^31 images or 2^64 pixels is refused, never allocated; every
 * refusal is an {@link IllegalArgumentException} naming the value and the limit.
 */
public final class Idx {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /**
     * At most 2^28 pixels (1 GiB of floats) or labels per file: MNIST's largest file, 60000 images of
     * 28x28, is 47,040,000 pixels; the cap leaves it room five times over and keeps a parse within a
     * trainer's heap.
     */
    public static final long MAX_VALUES = 1L << 28;

    private Idx() {
    }

    /** Images as rows of rows*cols pixels scaled to [0, 1]. */
    public static FloatMatrix readImages(byte[] idx3) {
        requireLength(idx3, 16, "IDX3 image file");
        ByteBuffer header = ByteBuffer.wrap(idx3).order(ByteOrder.BIG_ENDIAN);
        int magic = header.getInt();
        if (magic != IMAGES_MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "not an IDX3 unsigned-byte image file: magic 0x%08x, expected 0x%08x", magic, IMAGES_MAGIC));
        }
        int count = header.getInt();
        int height = header.getInt();
        int width = header.getInt();
        if (count < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "IDX3 image file has invalid dimensions " + count + "x" + height + "x" + width);
        }
        long imagePixels = (long) height * width; // < 2^62: two ints
        if (imagePixels > MAX_VALUES || count * imagePixels > MAX_VALUES) {
            throw new IllegalArgumentException("IDX3 image file: header says " + count + " images of " + height + "x"
                    + width + " pixels, more than the " + MAX_VALUES + " pixels this reader takes");
        }
        long pixels = count * imagePixels;
        if (idx3.length != 16 + pixels) {
            throw new IllegalArgumentException("IDX3 image file: header says " + count + " images of " + height
                    + "x" + width + " (" + (16 + pixels) + " bytes), file has " + idx3.length + " bytes");
        }
        float[] data = new float[(int) pixels];
        for (int i = 0; i < data.length; i++) {
            data[i] = (idx3[16 + i] & 0xFF) / 255f;
        }
        return new FloatMatrix(count, (int) imagePixels, data);
    }

    public static int[] readLabels(byte[] idx1) {
        requireLength(idx1, 8, "IDX1 label file");
        ByteBuffer header = ByteBuffer.wrap(idx1).order(ByteOrder.BIG_ENDIAN);
        int magic = header.getInt();
        if (magic != LABELS_MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "not an IDX1 unsigned-byte label file: magic 0x%08x, expected 0x%08x", magic, LABELS_MAGIC));
        }
        int count = header.getInt();
        if (count > MAX_VALUES) {
            throw new IllegalArgumentException("IDX1 label file: header says " + count + " labels, more than the "
                    + MAX_VALUES + " this reader takes");
        }
        if (count < 0 || idx1.length != 8L + count) {
            throw new IllegalArgumentException("IDX1 label file: header says " + count + " labels ("
                    + (8L + count) + " bytes), file has " + idx1.length + " bytes");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = idx1[8 + i] & 0xFF;
        }
        return labels;
    }

    private static void requireLength(byte[] bytes, int min, String what) {
        if (bytes == null || bytes.length < min) {
            throw new IllegalArgumentException(what + " is too short for its header: "
                    + (bytes == null ? "null" : bytes.length + " bytes") + ", need at least " + min);
        }
    }
}
