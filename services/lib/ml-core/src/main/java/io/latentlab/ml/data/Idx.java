package io.latentlab.ml.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

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

    /** An IDX3 image file's header: how many images of how many rows and columns. */
    public record ImagesHeader(int count, int rows, int cols) {
    }

    /**
     * The bytes of an IDX file as stored: a gzipped file (gzip's magic 1f 8b) is inflated, refused once it grows
     * past {@code maxBytes} (so a small bomb never becomes a large array); any other bytes are returned as they are.
     */
    public static byte[] unpack(byte[] stored, String name, long maxBytes) {
        if (stored.length < 2 || (stored[0] & 0xFF) != 0x1f || (stored[1] & 0xFF) != 0x8b) {
            if (stored.length > maxBytes) {
                throw new IllegalArgumentException(name + " has " + stored.length + " bytes, more than the limit of " + maxBytes);
            }
            return stored;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IllegalArgumentException(name + " inflates to more than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalArgumentException(name + " is not a valid gzip file: " + e.getMessage());
        }
    }

    /** The header of an IDX3 image file, checked against the file's length and {@link #MAX_VALUES}; nothing allocated. */
    public static ImagesHeader imagesHeader(byte[] idx3) {
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
        return new ImagesHeader(count, height, width);
    }

    /** Images as rows of rows*cols pixels scaled to [0, 1]. */
    public static FloatMatrix readImages(byte[] idx3) {
        ImagesHeader header = imagesHeader(idx3);
        long imagePixels = (long) header.rows() * header.cols();
        long pixels = header.count() * imagePixels;
        int count = header.count();
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

    /** An IDX3 unsigned-byte image file: {@code count} images of rows x cols pixels (row-major, one byte each). */
    public static byte[] writeImages(int count, int rows, int cols, byte[] pixels) {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + " images of " + rows + "x" + cols + " need "
                    + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
        return ByteBuffer.allocate(16 + pixels.length).order(ByteOrder.BIG_ENDIAN)
                .putInt(IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    /** Images of rows x cols pixels in [0, 1] as an IDX3 file (the inverse of {@link #readImages}, to 1/255). */
    public static byte[] writeImages(FloatMatrix images, int rows, int cols) {
        byte[] pixels = new byte[images.data().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(Math.max(0f, Math.min(1f, images.data()[i])) * 255f);
        }
        return writeImages(images.rows(), rows, cols, pixels);
    }

    /** Labels 0-255 as an IDX1 file. */
    public static byte[] writeLabels(int[] labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("an IDX1 label is a byte (0-255), got " + labels[i]);
            }
            bytes[i] = (byte) labels[i];
        }
        return writeLabels(bytes);
    }

    /** An IDX1 unsigned-byte label file. */
    public static byte[] writeLabels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).order(ByteOrder.BIG_ENDIAN)
                .putInt(LABELS_MAGIC).putInt(labels.length).put(labels).array();
    }

    private static void requireLength(byte[] bytes, int min, String what) {
        if (bytes == null || bytes.length < min) {
            throw new IllegalArgumentException(what + " is too short for its header: "
                    + (bytes == null ? "null" : bytes.length + " bytes") + ", need at least " + min);
        }
    }
}
