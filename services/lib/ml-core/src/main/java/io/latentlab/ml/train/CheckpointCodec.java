package io.latentlab.ml.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * {@link TrainingCheckpoint}'s bytes, little-endian: magic {@code LLCKPT}, format version, the
 * network and training descriptions, epoch, best epoch, iteration and epoch counts, best val loss,
 * the two loss histories, then the flat parameters, the updater state and the best parameters (each
 * a kind byte, 0 = absent, 1 = float, 2 = double, a length and the raw values), and a CRC-32 of all
 * before it. Raw values rather than a zip or ModelSerializer: ≈ 4 bytes per parameter and per Adam
 * moment, written with two bulk copies, because a checkpoint is taken during training and
 * floats barely compress.
 */
final class CheckpointCodec {

    static final int VERSION = 1;
    private static final byte[] MAGIC = "LLCKPT".getBytes(StandardCharsets.US_ASCII);
    private static final byte ABSENT = 0;
    private static final byte FLOAT = 1;
    private static final byte DOUBLE = 2;

    private CheckpointCodec() {
    }

    static byte[] write(TrainingCheckpoint c) {
        byte[] network = c.network().getBytes(StandardCharsets.UTF_8);
        byte[] training = c.training().getBytes(StandardCharsets.UTF_8);
        INDArray best = c.storesBestParams() ? c.bestParams() : null;
        long size = MAGIC.length + 4L + 4 + network.length + 4 + training.length + 4 * 4 + 8
                + 2 * (4 + 8L * c.epoch())
                + arrayBytes(c.params()) + arrayBytes(c.updaterState()) + arrayBytes(best) + 4;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("checkpoint of " + size + " bytes is too large for one array");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION);
        b.putInt(network.length).put(network);
        b.putInt(training.length).put(training);
        b.putInt(c.epoch()).putInt(c.bestEpoch()).putInt(c.iterationCount()).putInt(c.epochCount());
        b.putDouble(c.bestValLoss());
        putDoubles(b, c.trainLoss());
        putDoubles(b, c.valLoss());
        putArray(b, c.params());
        putArray(b, c.updaterState());
        putArray(b, best);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static TrainingCheckpoint read(byte[] bytes) {
        if (bytes.length < MAGIC.length + 8 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a training checkpoint (" + bytes.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("training checkpoint format " + version + ", this code reads " + VERSION);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != b.getInt(bytes.length - 4)) {
            throw new IllegalArgumentException("corrupt training checkpoint: checksum mismatch");
        }
        try {
            String network = getString(b);
            String training = getString(b);
            int epoch = b.getInt();
            int bestEpoch = b.getInt();
            int iterationCount = b.getInt();
            int epochCount = b.getInt();
            double bestValLoss = b.getDouble();
            double[] trainLoss = getDoubles(b);
            double[] valLoss = getDoubles(b);
            INDArray params = getArray(b);
            INDArray updaterState = getArray(b);
            INDArray bestParams = getArray(b);
            if (params == null || b.remaining() != 4) {
                throw new IllegalArgumentException("corrupt training checkpoint: no parameters or trailing bytes");
            }
            return new TrainingCheckpoint(network, training, epoch, bestEpoch, bestValLoss, iterationCount, epochCount,
                    trainLoss, valLoss, params, updaterState, bestParams);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("corrupt training checkpoint: truncated", e);
        }
    }

    /** A count of values of {@code width} bytes that follow, checked against what is left before anything is allocated. */
    private static int count(ByteBuffer b, int width) {
        int n = b.getInt();
        if (n < 0 || (long) n * width > b.remaining()) {
            throw new IllegalArgumentException("corrupt training checkpoint: " + n + " values of " + width
                    + " bytes, " + b.remaining() + " bytes left");
        }
        return n;
    }

    private static long arrayBytes(INDArray a) {
        return 1 + (a == null ? 0 : 4 + a.length() * (long) a.dataType().width());
    }

    private static void putDoubles(ByteBuffer b, double[] values) {
        b.putInt(values.length);
        b.asDoubleBuffer().put(values);
        b.position(b.position() + 8 * values.length);
    }

    private static double[] getDoubles(ByteBuffer b) {
        double[] values = new double[count(b, 8)];
        b.asDoubleBuffer().get(values);
        b.position(b.position() + 8 * values.length);
        return values;
    }

    private static String getString(ByteBuffer b) {
        byte[] s = new byte[count(b, 1)];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static void putArray(ByteBuffer b, INDArray a) {
        if (a == null) {
            b.put(ABSENT);
            return;
        }
        INDArray flat = a.reshape(a.length());
        b.put(kind(a.dataType())).putInt(Math.toIntExact(a.length()));
        // toXxxVector copies views correctly whatever their offset and stride; one more copy is ≈ 1 ms per 4 MB
        if (a.dataType() == DataType.FLOAT) {
            b.asFloatBuffer().put(flat.toFloatVector());
            b.position(b.position() + 4 * (int) a.length());
        } else {
            b.asDoubleBuffer().put(flat.toDoubleVector());
            b.position(b.position() + 8 * (int) a.length());
        }
    }

    private static INDArray getArray(ByteBuffer b) {
        byte kind = b.get();
        if (kind == ABSENT) {
            return null;
        }
        int length = count(b, kind == DOUBLE ? 8 : 4);
        if (kind == FLOAT) {
            float[] values = new float[length];
            b.asFloatBuffer().get(values);
            b.position(b.position() + 4 * length);
            return Nd4j.createFromArray(values);
        }
        if (kind == DOUBLE) {
            double[] values = new double[length];
            b.asDoubleBuffer().get(values);
            b.position(b.position() + 8 * length);
            return Nd4j.createFromArray(values);
        }
        throw new IllegalArgumentException("corrupt training checkpoint: array kind " + kind);
    }

    private static byte kind(DataType type) {
        return switch (type) {
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            default -> throw new IllegalStateException("checkpoints hold float or double networks, not " + type);
        };
    }
}
