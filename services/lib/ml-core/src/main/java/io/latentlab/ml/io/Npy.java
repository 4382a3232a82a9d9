package io.latentlab.ml.io;

import io.latentlab.ml.data.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} codec (format 1.0 written; 1.0–3.0 read), C order, little-endian. Headers are
 * byte-identical to what {@code numpy.save} writes: the dict, space padding and a newline so that the
 * data starts at a multiple of 64 bytes.
 *
 * <p>Reading is bounded by the bytes given: a header's shape is checked against the data that follows
 * before anything is allocated, so a header that declares 10^12 elements is refused, not allocated,
 * and an array never takes more memory than its bytes (the caller's {@code byte[]} is the cap). Every
 * malformed input is refused with an {@link IllegalArgumentException} naming the value at fault.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A parsed header and where the data starts. */
    public record Header(String descr, boolean fortranOrder, long[] shape, int dataOffset) {
        /** @throws IllegalArgumentException if the shape's product does not fit a long */
        public long elementCount() {
            long n = 1;
            for (long s : shape) {
                try {
                    n = Math.multiplyExact(n, s);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("npy: shape " + Arrays.toString(shape) + " has more than "
                            + Long.MAX_VALUE + " elements");
                }
            }
            return n;
        }
    }

    public static byte[] write(FloatMatrix m) {
        ByteBuffer buf = allocate("<f4", new long[] {m.rows(), m.cols()}, 4L * m.data().length);
        buf.asFloatBuffer().put(m.data());
        return buf.array();
    }

    public static byte[] writeInts(int[] v) {
        ByteBuffer buf = allocate("<i4", new long[] {v.length}, 4L * v.length);
        buf.asIntBuffer().put(v);
        return buf.array();
    }

    public static byte[] writeDoubles(double[] v) {
        ByteBuffer buf = allocate("<f8", new long[] {v.length}, 8L * v.length);
        buf.asDoubleBuffer().put(v);
        return buf.array();
    }

    /** A 2-d '<f4' array (a 1-d one is read as a single row). */
    public static FloatMatrix readFloatMatrix(byte[] npy) {
        Header h = readHeader(npy);
        requireDescr(h, "<f4");
        int rows;
        int cols;
        if (h.shape().length == 2) {
            rows = toInt(h.shape()[0]);
            cols = toInt(h.shape()[1]);
        } else if (h.shape().length == 1) {
            rows = 1;
            cols = toInt(h.shape()[0]);
        } else {
            throw new IllegalArgumentException("npy: expected a 2-d array, got shape " + Arrays.toString(h.shape()));
        }
        ByteBuffer body = body(npy, h, 4); // checks the bytes hold the shape before the allocation
        float[] data = new float[body.remaining() / 4];
        body.asFloatBuffer().get(data);
        return new FloatMatrix(rows, cols, data);
    }

    /** A 1-d '<i4' array; '<i8' is accepted when every value fits an int. */
    public static int[] readInts(byte[] npy) {
        Header h = readHeader(npy);
        boolean int64 = h.descr().equals("<i8");
        if (!int64) {
            requireDescr(h, "<i4");
        }
        oneDimensional(h);
        int width = int64 ? 8 : 4;
        ByteBuffer b = body(npy, h, width); // checks the bytes hold the shape before the allocation
        int[] out = new int[b.remaining() / width];
        if (int64) {
            for (int i = 0; i < out.length; i++) {
                long v = b.getLong();
                if (v != (int) v) {
                    throw new IllegalArgumentException("npy: '<i8' value " + v + " at index " + i
                            + " does not fit an int (" + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE + ")");
                }
                out[i] = (int) v;
            }
        } else {
            b.asIntBuffer().get(out);
        }
        return out;
    }

    /** A 1-d '<f8' array. */
    public static double[] readDoubles(byte[] npy) {
        Header h = readHeader(npy);
        requireDescr(h, "<f8");
        oneDimensional(h);
        ByteBuffer b = body(npy, h, 8); // checks the bytes hold the shape before the allocation
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    /** The exact header string numpy writes, including padding and the trailing newline. */
    public static String headerString(String descr, long[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeTuple(shape) + ", }";
        int prefix = MAGIC.length + 2 + 2;
        int unpadded = prefix + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        return dict + " ".repeat(padding) + "\n";
    }

    public static Header readHeader(byte[] npy) {
        if (npy.length < 10 || !Arrays.equals(npy, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a .npy file: missing \\x93NUMPY magic");
        }
        int major = npy[6] & 0xFF;
        ByteBuffer le = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = le.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (npy.length < 12) {
                throw new IllegalArgumentException("npy: truncated header");
            }
            headerLen = le.getInt(8);
            start = 12;
        } else {
            throw new IllegalArgumentException("npy: unsupported format version " + major + "." + (npy[7] & 0xFF));
        }
        if (headerLen < 0 || (long) start + headerLen > npy.length) {
            throw new IllegalArgumentException("npy: header length " + headerLen + " exceeds file size " + npy.length);
        }
        String dict = new String(npy, start, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, dict, "descr");
        boolean fortran = group(FORTRAN, dict, "fortran_order").equals("True");
        long[] shape = parseShape(group(SHAPE, dict, "shape"));
        return new Header(descr, fortran, shape, start + headerLen);
    }

    private static ByteBuffer allocate(String descr, long[] shape, long dataBytes) {
        byte[] header = headerString(descr, shape).getBytes(StandardCharsets.ISO_8859_1);
        if (header.length > 0xFFFF) {
            throw new IllegalArgumentException("npy header too long for format 1.0");
        }
        long total = 10L + header.length + dataBytes;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array too large for a byte[]: " + total + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        return buf; // positioned at the data; array() is the whole file
    }

    private static ByteBuffer body(byte[] npy, Header h, int elementSize) {
        if (h.fortranOrder()) {
            throw new IllegalArgumentException("npy: fortran_order True is not supported (write C-order arrays)");
        }
        long elements = h.elementCount();
        long need = elements > Long.MAX_VALUE / elementSize ? Long.MAX_VALUE : elements * elementSize;
        if (npy.length - (long) h.dataOffset() != need) {
            throw new IllegalArgumentException("npy: shape " + Arrays.toString(h.shape()) + " of " + h.descr()
                    + " needs " + need + " data bytes, file has " + (npy.length - h.dataOffset()));
        }
        return ByteBuffer.wrap(npy, h.dataOffset(), (int) need).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireDescr(Header h, String expected) {
        if (!h.descr().equals(expected)) {
            throw new IllegalArgumentException("npy: unexpected dtype '" + h.descr() + "', expected '" + expected + "'");
        }
        if (h.fortranOrder()) {
            throw new IllegalArgumentException("npy: fortran_order True is not supported (write C-order arrays)");
        }
    }

    private static int oneDimensional(Header h) {
        if (h.shape().length != 1) {
            throw new IllegalArgumentException("npy: expected a 1-d array, got shape " + Arrays.toString(h.shape()));
        }
        return toInt(h.shape()[0]);
    }

    private static String shapeTuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static long[] parseShape(String inside) {
        String trimmed = inside.trim();
        if (trimmed.isEmpty()) {
            return new long[0];
        }
        return Arrays.stream(trimmed.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(s -> {
                    try {
                        long v = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                        if (v < 0) {
                            throw new IllegalArgumentException("npy: negative dimension in shape (" + inside + ")");
                        }
                        return v;
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("npy: cannot parse shape (" + inside + ")", e);
                    }
                })
                .toArray();
    }

    private static String group(Pattern p, String dict, String key) {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new IllegalArgumentException("npy: header has no valid '" + key + "': " + dict.trim());
        }
        return m.group(1);
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("npy: dimension " + v + " too large");
        }
        return (int) v;
    }
}
