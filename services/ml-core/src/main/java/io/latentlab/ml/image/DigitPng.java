package io.latentlab.ml.image;

import io.latentlab.ml.data.FloatMatrix;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One 28×28 digit as an 8-bit grey PNG in MNIST's convention (ink bright: grey = value·255), both ways, so
 * a reconstruction's PNG read back gives its pixels to within 1/255.
 */
public final class DigitPng {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static {
        Canvas.ensureHeadless();
    }

    private DigitPng() {
    }

    /** Values in [0, 1] (clamped) to a grey PNG. */
    public static byte[] write(float[] pixels) {
        if (pixels.length != PIXELS) {
            throw new IllegalArgumentException("a digit has " + PIXELS + " pixels, got " + pixels.length);
        }
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < PIXELS; p++) {
            int grey = Math.round(255 * Math.min(1f, Math.max(0f, pixels[p])));
            image.getRaster().setSample(p % SIDE, p / SIDE, 0, grey);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // in memory: ImageIO.write(image, "png", out) would buffer through a temp file (the model server writes
        // 16 of these per request)
        try (ImageOutputStream png = new MemoryCacheImageOutputStream(out)) {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A 28×28 PNG (grey, RGB or with alpha; transparent counts as black, colours by luminance) to 784 values
     * in [0, 1], one row of a {@link FloatMatrix}.
     *
     * @throws IllegalArgumentException naming what is wrong: not a PNG, unreadable, or not 28×28
     */
    public static FloatMatrix read(byte[] png) {
        if (png.length < PNG_SIGNATURE.length || !java.util.Arrays.equals(
                java.util.Arrays.copyOf(png, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new IllegalArgumentException("not a PNG (the body does not start with the PNG signature)");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable PNG: " + e.getMessage());
        }
        if (image == null) {
            throw new IllegalArgumentException("unreadable PNG");
        }
        if (image.getWidth() != SIDE || image.getHeight() != SIDE) {
            throw new IllegalArgumentException("the image must be " + SIDE + "x" + SIDE + " pixels, got "
                    + image.getWidth() + "x" + image.getHeight());
        }
        float[] pixels = new float[PIXELS];
        int type = image.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
            // the samples themselves: getRGB would pass linear grey through an sRGB conversion
            double max = type == BufferedImage.TYPE_BYTE_GRAY ? 255.0 : 65535.0;
            for (int p = 0; p < PIXELS; p++) {
                pixels[p] = (float) (image.getRaster().getSample(p % SIDE, p / SIDE, 0) / max);
            }
            return new FloatMatrix(1, PIXELS, pixels);
        }
        for (int p = 0; p < PIXELS; p++) {
            int argb = image.getRGB(p % SIDE, p / SIDE);
            double alpha = ((argb >>> 24) & 0xff) / 255.0;
            double luminance = 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
            pixels[p] = (float) Math.min(1.0, alpha * luminance / 255.0);
        }
        return new FloatMatrix(1, PIXELS, pixels);
    }
}
