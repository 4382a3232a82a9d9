package io.latentlab.ml.io;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class Nd4jBinaryTest {

    @Test
    void floatArraysAreWrittenByteForByteAsNd4jWritesThem() throws IOException {
        // longer than one bulk chunk, and not a multiple of it
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 301, 97).subi(0.5);
        INDArray vector = Nd4j.rand(DataType.FLOAT, 1, 40_001);
        INDArray view = matrix.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 9),
                org.nd4j.linalg.indexing.NDArrayIndex.all());

        for (INDArray array : new INDArray[] {matrix, vector, view, Nd4j.createFromArray(1.5f)}) {
            assertThat(ours(array)).as("%s", array.shapeInfoToString()).isEqualTo(nd4j(array));
        }
    }

    @Test
    void otherDataTypesGoThroughNd4j() throws IOException {
        INDArray doubles = Nd4j.rand(DataType.DOUBLE, 5, 7);
        INDArray ints = Nd4j.createFromArray(3, 1, 4, 1, 5);
        assertThat(ours(doubles)).isEqualTo(nd4j(doubles));
        assertThat(ours(ints)).isEqualTo(nd4j(ints));
    }

    @Test
    void nd4jReadsWhatItWrites() throws IOException {
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 40, 30);
        INDArray back = Nd4j.read(new DataInputStream(new ByteArrayInputStream(ours(matrix))));
        assertThat(back).isEqualTo(matrix);
    }

    private static byte[] ours(INDArray array) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4jBinary.write(array, out);
        }
        return bytes.toByteArray();
    }

    private static byte[] nd4j(INDArray array) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(array, out);
        }
        return bytes.toByteArray();
    }
}
