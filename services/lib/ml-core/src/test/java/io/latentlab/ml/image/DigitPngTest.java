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
                .hasMessage("the image must be 28x28 pixels, got 20x28");
        assertThatThrownBy(() -> DigitPng.read("GIF89a".getBytes())).hasMessageContaining("not a PNG");
        assertThatThrownBy(() -> DigitPng.write(new float[10])).hasMessageContaining("784 pixels");
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
