package io.latentlab.ml.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentlab.ml.data.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NpyTest {

    /** numpy 2.x: np.save(f, np.arange(6, dtype='<f4').reshape(2, 3)), header as written. */
    private static final String NUMPY_HEADER_2X3_F4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
            + " ".repeat(58) + "\n";

    @Test
    void headerIsByteIdenticalToNumpy() {
        byte[] npy = Npy.write(new FloatMatrix(2, 3, new float[] {0, 1, 2, 3, 4, 5}));
        assertThat(npy).hasSize(128 + 24);
        assertThat(Arrays.copyOf(npy, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        assertThat(ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()).isEqualTo((short) 118);
        assertThat(new String(npy, 10, 118, StandardCharsets.ISO_8859_1)).isEqualTo(NUMPY_HEADER_2X3_F4);
        assertThat(ByteBuffer.wrap(npy, 128 + 4 * 5, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(5f);

        byte[] ints = Npy.writeInts(new int[] {1, 2, 3});
        assertThat(new String(ints, 10, 118, StandardCharsets.ISO_8859_1))
                .isEqualTo("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(60) + "\n");
    }

    @Test
    void dataStartsAtMultipleOf64ForManyShapes() {
        for (int rows : new int[] {0, 1, 7, 11385, 1234567}) {
            String h = Npy.headerString("<f4", new long[] {rows, 784});
            assertThat((10 + h.length()) % 64).isZero();
            assertThat(h).endsWith("\n");
        }
    }

    @Test
    void readsBytesWrittenByNumpy() {
        byte[] header = NUMPY_HEADER_2X3_F4.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i * 1.5f);
        }
        FloatMatrix m = Npy.readFloatMatrix(b.array());
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(3);
        assertThat(m.get(1, 2)).isEqualTo(7.5f);
    }

    @Test
    void roundTrips() {
        Random rnd = new Random(1);
        float[] data = new float[37 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        data[3] = Float.NaN;
        data[4] = Float.NEGATIVE_INFINITY;
        FloatMatrix m = new FloatMatrix(37, 5, data);
        assertThat(Npy.readFloatMatrix(Npy.write(m))).isEqualTo(m);
        assertThat(Npy.readFloatMatrix(Npy.write(FloatMatrix.zeros(0, 784))).rows()).isZero();

        int[] ints = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE};
        assertThat(Npy.readInts(Npy.writeInts(ints))).containsExactly(ints);
        assertThat(Npy.readInts(Npy.writeInts(new int[0]))).isEmpty();

        double[] doubles = {Math.PI, -0.0, 1e-300, Double.MAX_VALUE};
        assertThat(Npy.readDoubles(Npy.writeDoubles(doubles))).containsExactly(doubles);
    }

    @Test
    void acceptsInt64WhenValuesFit() {
        byte[] header = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }".getBytes(StandardCharsets.ISO_8859_1);
        byte[] padded = Arrays.copyOf(header, 118);
        Arrays.fill(padded, header.length, 117, (byte) ' ');
        padded[117] = '\n';
        ByteBuffer b = ByteBuffer.allocate(128 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) 118).put(padded);
        b.putLong(4).putLong(-9);
        assertThat(Npy.readInts(b.array())).containsExactly(4, -9);
    }

    @Test
    void rejectsFortranOrderWrongDtypeAndGarbage() {
        byte[] npy = Npy.write(new FloatMatrix(2, 3, new float[6]));
        byte[] fortran = replace(npy, "'fortran_order': False", "'fortran_order': True ");
        assertThatThrownBy(() -> Npy.readFloatMatrix(fortran))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fortran_order");

        byte[] bigEndian = replace(npy, "'<f4'", "'>f4'");
        assertThatThrownBy(() -> Npy.readFloatMatrix(bigEndian))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'>f4'");
        assertThatThrownBy(() -> Npy.readInts(npy))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dtype");
        assertThatThrownBy(() -> Npy.readDoubles(Npy.writeInts(new int[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'<f8'");
        assertThatThrownBy(() -> Npy.readFloatMatrix(Arrays.copyOf(npy, npy.length - 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data bytes");
        assertThatThrownBy(() -> Npy.readFloatMatrix("hello world".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
    }

    /** Found by {@link NpyFuzzTest}: an '<i8' value beyond an int was an ArithmeticException, not a refusal. */
    @Test
    void refusesAnInt64ValueBeyondAnInt() {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(1L << 40);
        byte[] npy = withHeader("<i8", "(2,)", data.array());
        assertThatThrownBy(() -> Npy.readInts(npy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1099511627776 at index 1 does not fit an int");
    }

    /** A header that declares 10^10 floats over 8 bytes of data: refused before 40 GB are allocated. */
    @Test
    void refusesAShapeLargerThanItsBytesBeforeAllocating() {
        byte[] data = new byte[8];
        assertThatThrownBy(() -> Npy.readFloatMatrix(withHeader("<f4", "(100000, 100000)", data)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 40000000000 data bytes, file has 8");
        assertThatThrownBy(() -> Npy.readInts(withHeader("<i4", "(2000000000,)", data)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 8000000000 data bytes, file has 8");
        assertThatThrownBy(() -> Npy.readDoubles(withHeader("<f8", "(2000000000,)", data)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 16000000000 data bytes, file has 8");
    }

    @Test
    void refusesAShapeWhoseProductOverflowsALong() {
        byte[] npy = withHeader("<f4", "(4611686018427387904, 4)", new byte[8]);
        assertThatThrownBy(() -> Npy.readFloatMatrix(npy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 4611686018427387904 too large");
        assertThatThrownBy(() -> Npy.readHeader(withHeader("<f4", "(4611686018427387904, 4, 1)", new byte[8])).elementCount())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than " + Long.MAX_VALUE + " elements");
    }

    private static byte[] withHeader(String descr, String shape, byte[] data) {
        byte[] header = ("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length)
                .put(header).put(data).array();
    }

    private static byte[] replace(byte[] npy, String from, String to) {
        assertThat(to).hasSameSizeAs(from);
        String s = new String(npy, StandardCharsets.ISO_8859_1);
        assertThat(s).contains(from);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
