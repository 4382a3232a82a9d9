package io.latentlab.ml.image;

import io.latentlab.ml.data.FloatMatrix;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report's pictures, each returned as PNG bytes. Square images are rows of a matrix (28×28 = 784). */
public final class Pictures {
    private static final Color TILE_BORDER = new Color(0xCC, 0xCC, 0xCC);
    private static final Color WEIGHT_GAP = Color.WHITE;

    static {
        Canvas.ensureHeadless();
    }

    private Pictures() {
    }

    /**
     * One labelled row per matrix (e.g. originals, reconstructions), its first {@code count} images
     * upscaled by {@code scale}; pixel values in [0, 1] drawn dark on white (values outside are clamped).
     */
    public static byte[] imageRows(List<String> rowLabels, List<FloatMatrix> rows, int count, int scale) {
        if (rowLabels.size() != rows.size() || rows.isEmpty()) {
            throw new IllegalArgumentException("need one label per matrix and at least one matrix, got "
                    + rowLabels.size() + " labels and " + rows.size() + " matrices");
        }
        requirePositive(count, "count");
        requirePositive(scale, "scale");
        int side = imageSide(rows.get(0).cols());
        for (FloatMatrix m : rows) {
            if (m.cols() != side * side) {
                throw new IllegalArgumentException("all matrices need " + side * side + " columns, got " + m.cols());
            }
        }
        Font font = Canvas.font(Font.PLAIN, 13);
        int labelWidth = labelWidth(rowLabels, font);
        int margin = 8;
        int gap = 4;
        int tile = side * scale;
        int left = margin + labelWidth + (labelWidth > 0 ? 10 : 0);
        int width = left + count * (tile + gap) - gap + margin;
        int height = margin + rows.size() * (tile + gap) - gap + margin;
        Canvas c = new Canvas(width, height);
        c.g.setFont(font);
        for (int r = 0; r < rows.size(); r++) {
            FloatMatrix m = rows.get(r);
            int top = margin + r * (tile + gap);
            c.g.setColor(Canvas.TEXT);
            c.g.drawString(rowLabels.get(r), margin, top + tile / 2f + c.g.getFontMetrics().getAscent() / 2f - 2);
            for (int i = 0; i < Math.min(count, m.rows()); i++) {
                drawImage(c, m, i, left + i * (tile + gap), top, side, scale);
            }
        }
        return c.png();
    }

    /**
     * Images side by side, one column per image: row r of every matrix in {@code images} is column r, drawn under
     * the matrix's label (e.g. an original and its reconstructions), then one line of short text per
     * {@code texts} entry (e.g. the true and the predicted classes), each column's text cut to the column's width.
     * After {@code perLine} columns the picture continues on a new line of columns. Pixels as in
     * {@link #imageRows}.
     */
    public static byte[] imageColumns(List<String> imageLabels, List<FloatMatrix> images, List<String> textLabels,
                                      List<List<String>> texts, int perLine, int scale) {
        if (imageLabels.size() != images.size() || images.isEmpty() || textLabels.size() != texts.size()) {
            throw new IllegalArgumentException("need one label per matrix and per text line and at least one matrix, got "
                    + imageLabels.size() + " labels for " + images.size() + " matrices and " + textLabels.size()
                    + " for " + texts.size() + " text lines");
        }
        requirePositive(perLine, "perLine");
        requirePositive(scale, "scale");
        int columns = images.get(0).rows();
        requirePositive(columns, "the number of images");
        int side = imageSide(images.get(0).cols());
        for (FloatMatrix m : images) {
            if (m.cols() != side * side || m.rows() != columns) {
                throw new IllegalArgumentException("all matrices need " + columns + " rows of " + side * side
                        + " columns, got " + m.rows() + "x" + m.cols());
            }
        }
        for (List<String> line : texts) {
            if (line.size() != columns) {
                throw new IllegalArgumentException("every text line needs " + columns + " entries, got " + line.size());
            }
        }
        Font font = Canvas.font(Font.PLAIN, 13);
        Font small = Canvas.font(Font.PLAIN, 11);
        List<String> labels = new ArrayList<>(imageLabels);
        labels.addAll(textLabels);
        int labelWidth = labelWidth(labels, font);
        int margin = 8;
        int gap = 4;
        int tile = side * scale;
        int textLine = 15;
        int left = margin + labelWidth + 10;
        int lines = (columns + perLine - 1) / perLine;
        int block = images.size() * (tile + gap) + texts.size() * textLine;
        int width = left + Math.min(columns, perLine) * (tile + gap) - gap + margin;
        int height = margin + lines * (block + 2 * gap) - 2 * gap + margin;
        Canvas c = new Canvas(width, height);
        for (int line = 0; line < lines; line++) {
            int top = margin + line * (block + 2 * gap);
            c.g.setFont(font);
            for (int r = 0; r < images.size(); r++) {
                int y = top + r * (tile + gap);
                c.g.setColor(Canvas.TEXT);
                c.g.drawString(imageLabels.get(r), margin, y + tile / 2f + c.g.getFontMetrics().getAscent() / 2f - 2);
                for (int i = line * perLine; i < Math.min(columns, (line + 1) * perLine); i++) {
                    drawImage(c, images.get(r), i, left + (i % perLine) * (tile + gap), y, side, scale);
                }
            }
            for (int t = 0; t < texts.size(); t++) {
                int baseline = top + images.size() * (tile + gap) + (t + 1) * textLine - 3;
                c.g.setColor(Canvas.TEXT);
                c.g.setFont(font);
                c.g.drawString(textLabels.get(t), margin, baseline);
                c.g.setFont(small);
                for (int i = line * perLine; i < Math.min(columns, (line + 1) * perLine); i++) {
                    c.drawCentred(fit(c, texts.get(t).get(i), tile + gap - 2),
                            left + (i % perLine) * (tile + gap) + tile / 2.0, baseline);
                }
            }
        }
        return c.png();
    }

    /** The text, cut and ended with an ellipsis where it is wider than {@code maxWidth} in the canvas's font. */
    private static String fit(Canvas c, String text, int maxWidth) {
        var metrics = c.g.getFontMetrics();
        if (metrics.stringWidth(text) <= maxWidth) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "\u2026") > maxWidth) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "\u2026";
    }

    private static int labelWidth(List<String> labels, Font font) {
        int width = 0;
        for (String label : labels) {
            width = Math.max(width, Canvas.textWidth(label, font));
        }
        return width;
    }

    /** Row i of m as a square image at (x0, top), dark ink on white, with a thin border. */
    private static void drawImage(Canvas c, FloatMatrix m, int i, int x0, int top, int side, int scale) {
        for (int p = 0; p < side * side; p++) {
            float v = Math.min(1f, Math.max(0f, m.get(i, p)));
            int grey = Math.round(255 * (1 - v));
            fillBlock(c, x0 + (p % side) * scale, top + (p / side) * scale, scale, grey);
        }
        c.g.setColor(TILE_BORDER);
        c.g.drawRect(x0, top, side * scale - 1, side * scale - 1);
    }

    /**
     * Each row of {@code weights} as a square tile scaled to its own min..max (min black, max white),
     * {@code columns} tiles per line, 1-pixel white gaps and outer border.
     */
    public static byte[] weightGrid(FloatMatrix weights, int columns, int scale) {
        requirePositive(columns, "columns");
        requirePositive(scale, "scale");
        if (weights.rows() == 0) {
            throw new IllegalArgumentException("no weight rows to draw");
        }
        int side = imageSide(weights.cols());
        int tile = side * scale;
        int lines = (weights.rows() + columns - 1) / columns;
        Canvas c = new Canvas(columns * (tile + 1) + 1, lines * (tile + 1) + 1);
        c.g.setColor(WEIGHT_GAP);
        c.g.fillRect(0, 0, c.image.getWidth(), c.image.getHeight());
        for (int u = 0; u < weights.rows(); u++) {
            int x0 = 1 + (u % columns) * (tile + 1);
            int y0 = 1 + (u / columns) * (tile + 1);
            float[] w = weights.row(u);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : w) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float range = max > min ? max - min : 1f;
            for (int p = 0; p < w.length; p++) {
                int grey = Math.round(255 * (w[p] - min) / range);
                fillBlock(c, x0 + (p % side) * scale, y0 + (p / side) * scale, scale, grey);
            }
        }
        return c.png();
    }

    /** counts[true][predicted] as a heat map with each count written in its cell. */
    public static byte[] confusionMatrix(int[][] counts, List<String> classLabels, String title) {
        return ConfusionMatrixChart.render(counts, classLabels, title);
    }

    /** Loss per epoch (epochs from 1), one line per named series, with axes, ticks and a legend. */
    public static byte[] learningCurves(String title, Map<String, double[]> series) {
        return LearningCurveChart.render(title, series);
    }

    /** Pixels set directly: anti-aliasing must not blur the upscaled image pixels. */
    private static void fillBlock(Canvas c, int x, int y, int size, int grey) {
        int rgb = (grey << 16) | (grey << 8) | grey;
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                c.image.setRGB(x + dx, y + dy, rgb);
            }
        }
    }

    static int imageSide(int cols) {
        int side = (int) Math.round(Math.sqrt(cols));
        if (side * side != cols || cols == 0) {
            throw new IllegalArgumentException(cols + " columns are not a square image");
        }
        return side;
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
