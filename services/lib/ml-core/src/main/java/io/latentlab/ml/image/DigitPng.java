package io.latentlab.ml.image;

import io.latentlab.ml.data.FloatMatrix;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * One 28×28 digit as an 8-bit grey PNG in MNIST's convention (ink bright: grey = value·255), both ways, so
 * a reconstruction's PNG read back gives its pixels to within 1/255.
 */
public final class DigitPng {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;

    static {
        Canvas.ensureHeadless();
    }

    private DigitPng() {
    }

    /**
     * Values in [0, 1] (clamped) to a grey PNG. Written by hand (signature, IHDR, one zlib IDAT of unfiltered
     * rows, IEND): ImageIO looked up a writer and built an image per call, and the model server writes 16 of
     * these per request.
     */
    public static byte[] write(float[] pixels) {
        if (pixels.length != PIXELS) {
            throw new IllegalArgumentException("a digit has " + PIXELS + " pixels, got " + pixels.length);
        }
        byte[] rows = new byte[SIDE * (SIDE + 1)]; // each row: filter type 0 (none), then its 28 greys
        for (int p = 0; p < PIXELS; p++) {
            rows[(p / SIDE) * (SIDE + 1) + 1 + p % SIDE] =
                    (byte) Math.round(255 * Math.min(1f, Math.max(0f, pixels[p])));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(PngCheck.SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13).putInt(SIDE).putInt(SIDE)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit grey, no interlace
        PngCheck.chunk(out, "IHDR", header.array());
        PngCheck.chunk(out, "IDAT", deflate(rows));
        PngCheck.chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * A 28×28 PNG (grey, RGB or with alpha; transparent counts as black, colours by luminance) to 784 values
     * in [0, 1], one row of a {@link FloatMatrix}. The bytes are checked before anything is decoded
     * ({@link PngCheck}: at most {@value PngCheck#MAX_BYTES} bytes, {@value PngCheck#MAX_CHUNKS} chunks,
     * {@value PngCheck#MAX_IDAT_BYTES} bytes of image data, the header's shape {@value #SIDE}x{@value #SIDE}), so
     * whatever they declare, reading one costs a few KB and a few microseconds of inflating.
     *
     * @throws InvalidPngException naming what is wrong: not a PNG, malformed, truncated, or not 28×28
     */
    public static FloatMatrix read(byte[] png) {
        BufferedImage image = decode(PngCheck.essentials(png, SIDE, SIDE));
        if (image.getWidth() != SIDE || image.getHeight() != SIDE) { // PngCheck saw to it; kept as the last word
            throw new InvalidPngException("the image must be " + SIDE + "x" + SIDE + " pixels, got "
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

    /** The checked, minimal PNG through the JDK's PNG reader (no reader lookup by content, no metadata read). */
    private static BufferedImage decode(byte[] checked) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(checked))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new InvalidPngException("unreadable PNG: " + e.getMessage());
        } finally {
            reader.dispose();
        }
    }
}
