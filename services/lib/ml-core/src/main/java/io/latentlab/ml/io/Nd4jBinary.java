package io.latentlab.ml.io;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * {@code Nd4j.write(array, out)}'s bytes, written in bulk: ND4J writes a float buffer one
 * {@code writeFloat} at a time, which made storing a trained network cost as much as several epochs of
 * a small one. Format (ND4J 1.0.0-M2.1, {@code BaseDataBuffer.write}): for the shape information and
 * then the data, the allocation mode's name (UTF), the length (long), the data type's name (UTF) and
 * the elements big-endian. Float data is copied in bulk, everything else goes through ND4J itself;
 * {@code Nd4jBinaryTest} holds the bytes equal to ND4J's.
 */
public final class Nd4jBinary {

    private static final int CHUNK_FLOATS = 16 * 1024;

    private Nd4jBinary() {
    }

    public static void write(INDArray array, DataOutputStream out) throws IOException {
        INDArray whole = array.isView() ? array.dup() : array;
        whole.shapeInfoDataBuffer().write(out);
        DataBuffer data = whole.data();
        if (data == null) {
            return;
        }
        if (data.dataType() != DataType.FLOAT) {
            data.write(out);
            return;
        }
        out.writeUTF(data.allocationMode().name());
        out.writeLong(data.length());
        out.writeUTF(data.dataType().name());
        FloatBuffer floats = data.asNioFloat();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        float[] values = new float[CHUNK_FLOATS];
        long length = data.length();
        for (long at = 0; at < length; at += CHUNK_FLOATS) {
            int n = (int) Math.min(CHUNK_FLOATS, length - at);
            floats.get(Math.toIntExact(at), values, 0, n);
            chunk.clear();
            chunk.asFloatBuffer().put(values, 0, n);
            out.write(chunk.array(), 0, n * Float.BYTES);
        }
    }
}
