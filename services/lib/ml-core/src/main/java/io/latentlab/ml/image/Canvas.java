package io.latentlab.ml.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A white RGB image with an anti-aliased Graphics2D, encoded to PNG once drawn. */
final class Canvas {
    static final Color TEXT = new Color(0x33, 0x33, 0x33);
    static final Color AXIS = new Color(0x66, 0x66, 0x66);
    static final Color GRID = new Color(0xE6, 0xE6, 0xE6);

    static {
        ensureHeadless();
    }

    final BufferedImage image;
    final Graphics2D g;

    Canvas(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    /** Servers have no display: AWT must not try to open one. An explicit setting is left alone. */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    /** Width of text in the given font, measured without a canvas. */
    static int textWidth(String text, Font font) {
        Canvas probe = new Canvas(1, 1);
        try {
            return probe.g.getFontMetrics(font).stringWidth(text);
        } finally {
            probe.g.dispose();
        }
    }

    void drawCentred(String text, double centreX, double baselineY) {
        g.drawString(text, (float) (centreX - g.getFontMetrics().stringWidth(text) / 2.0), (float) baselineY);
    }

    void drawRightAligned(String text, double rightX, double baselineY) {
        g.drawString(text, (float) (rightX - g.getFontMetrics().stringWidth(text)), (float) baselineY);
    }

    byte[] png() {
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
