package io.latentlab.ml.image;

import io.latentlab.ml.data.FloatMatrix;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DigitPngTest {

    @Test
    void aDigitSurvivesTheRoundTripToWithinOneGreyLevel() {
        float[] pixels = new float[DigitPng.PIXELS];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (p % 97) / 96f;
        }
        FloatMatrix back = DigitPng.read(DigitPng.write(pixels));
        assertThat(back.rows()).isEqualTo(1);
        for (int p = 0; p < pixels.length; p++) {
            assertThat(back.data()[p]).isCloseTo(pixels[p], within(0.5f / 255 + 1e-6f));
        }
    }

    @Test
    void theWrittenPngIsAnEightBitGreyImageForAnyDecoderWithValuesClamped() throws IOException {
        float[] pixels = new float[DigitPng.PIXELS];
        pixels[0] = -0.5f;
        pixels[1] = 1.5f;
        pixels[29] = 0.5f; // row 1, column 1
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(DigitPng.write(pixels)));
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(image.getWidth()).isEqualTo(28);
        assertThat(image.getHeight()).isEqualTo(28);
        assertThat(image.getRaster().getSample(0, 0, 0)).isZero();
        assertThat(image.getRaster().getSample(1, 0, 0)).isEqualTo(255);
        assertThat(image.getRaster().getSample(1, 1, 0)).isEqualTo(128);
        assertThat(image.getRaster().getSample(27, 27, 0)).isZero();
    }

    @Test
    void anRgbImageIsReadByLuminanceAndTransparencyAsBlack() throws IOException {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(3, 0, 0xFFFFFFFF);   // opaque white: ink
        image.setRGB(4, 0, 0x00FFFFFF);   // transparent white: background
        FloatMatrix pixels = DigitPng.read(png(image));
        assertThat(pixels.get(0, 3)).isEqualTo(1f);
        assertThat(pixels.get(0, 4)).isZero();
    }

    @Test
    void wrongSizeAndNotAPngAreRejectedWithTheReason() throws IOException {
        assertThatThrownBy(() -> DigitPng.read(png(new BufferedImage(20, 28, BufferedImage.TYPE_BYTE_GRAY))))
                .hasMessage("the image is 20x28 pixels; the dataset's images are 28x28");
        assertThatThrownBy(() -> DigitPng.read("GIF89a".getBytes())).hasMessageContaining("not a PNG");
        assertThatThrownBy(() -> DigitPng.write(new float[10])).hasMessageContaining("784 pixels");
    }

    @Test
    void everyColourTypeAndAnInterlacedImageReadAsTheirGreyLevels() throws IOException {
        BufferedImage grey16 = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(5, 2, 0, 65535);
        assertThat(DigitPng.read(png(grey16)).get(0, 2 * 28 + 5)).isEqualTo(1f);

        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(7, 1, 0xFFFFFF);
        assertThat(DigitPng.read(png(rgb)).get(0, 28 + 7)).isEqualTo(1f);

        // a palette of black, opaque white and transparent white (PLTE and tRNS)
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(2, 3,
                new byte[] {0, -1, -1}, new byte[] {0, -1, -1}, new byte[] {0, -1, -1}, new byte[] {-1, -1, 0});
        BufferedImage indexed = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        indexed.getRaster().setSample(2, 0, 0, 2);
        FloatMatrix read = DigitPng.read(png(indexed));
        assertThat(new float[] {read.get(0, 0), read.get(0, 1), read.get(0, 2)}).containsExactly(0f, 1f, 0f);

        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(27, 27, 0, 255);
        grey.getRaster().setSample(3, 9, 0, 128);
        assertThat(DigitPng.read(interlaced(grey)).data()).containsExactly(DigitPng.read(png(grey)).data());
    }

    @Test
    void theFuzzTestsValidSeedsOfEveryColourTypeReadAsTheSameBar() throws Exception {
        java.nio.file.Path seeds = java.nio.file.Path.of(DigitPngTest.class.getResource("DigitPngFuzzTestInputs/read").toURI());
        java.util.List<java.nio.file.Path> valid;
        try (var files = java.nio.file.Files.list(seeds)) {
            valid = files.filter(f -> !f.getFileName().toString().startsWith("broken-")).toList();
        }
        assertThat(valid).hasSizeGreaterThanOrEqualTo(8);
        for (java.nio.file.Path seed : valid) {
            float[] pixels = DigitPng.read(java.nio.file.Files.readAllBytes(seed)).data();
            for (int p = 0; p < pixels.length; p++) {
                boolean ink = p % 28 >= 13 && p % 28 <= 15 && p / 28 >= 4 && p / 28 <= 23;
                assertThat(pixels[p]).as(seed.getFileName() + " pixel " + p).isEqualTo(ink ? 1f : 0f);
            }
        }
    }

    /** Adam7, as ImageIO's writer does it in progressive mode. */
    private static byte[] interlaced(BufferedImage image) throws IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] png = out.toByteArray();
        assertThat(png[8 + 8 + 12]).as("IHDR's interlace method").isEqualTo((byte) 1);
        return png;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
