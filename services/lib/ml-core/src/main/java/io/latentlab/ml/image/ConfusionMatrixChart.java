package io.latentlab.ml.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.AffineTransform;
import java.util.List;

/** A confusion matrix as a blue heat map, counts in the cells, true classes down, predicted across. */
final class ConfusionMatrixChart {
    private static final int CELL = 56;
    private static final Color LIGHT = new Color(0xF7, 0xFB, 0xFF);
    private static final Color DARK = new Color(0x08, 0x30, 0x6B);

    private ConfusionMatrixChart() {
    }

    static byte[] render(int[][] counts, List<String> classLabels, String title) {
        int n = counts.length;
        if (n == 0 || classLabels.size() != n) {
            throw new IllegalArgumentException("need a non-empty square matrix and one label per class, got "
                    + n + " rows and " + classLabels.size() + " labels");
        }
        int max = 0;
        for (int[] row : counts) {
            if (row.length != n) {
                throw new IllegalArgumentException("confusion matrix is not square: a row has " + row.length
                        + " entries, expected " + n);
            }
            for (int v : row) {
                if (v < 0) {
                    throw new IllegalArgumentException("negative count " + v);
                }
                max = Math.max(max, v);
            }
        }
        Font titleFont = Canvas.font(Font.BOLD, 15);
        Font labelFont = Canvas.font(Font.PLAIN, 13);
        Font axisFont = Canvas.font(Font.BOLD, 13);
        int labelWidth = 0;
        for (String label : classLabels) {
            labelWidth = Math.max(labelWidth, Canvas.textWidth(label, labelFont));
        }
        int left = 16 + 18 + 8 + labelWidth + 8; // margin, rotated "true" title, gap, class labels, gap
        int top = 16 + 20 + 8; // margin, chart title, gap
        int grid = n * CELL;
        // class names wider than a cell ("T-shirt/top") run upwards under their column instead of across the next
        boolean upright = labelWidth > CELL - 6;
        int columnLabels = upright ? labelWidth : 16;
        int width = Math.max(left + grid + 16, Canvas.textWidth(title, titleFont) + 32);
        int height = top + grid + 8 + columnLabels + 8 + 18 + 12; // grid, gap, class labels, gap, "predicted", margin
        Canvas c = new Canvas(width, height);

        c.g.setFont(titleFont);
        c.g.setColor(Canvas.TEXT);
        c.drawCentred(title, width / 2.0, 16 + 15);

        Font countFont = Canvas.font(Font.BOLD, n > 10 ? 11 : 14);
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                double share = max == 0 ? 0 : (double) counts[t][p] / max;
                int x = left + p * CELL;
                int y = top + t * CELL;
                c.g.setColor(blend(LIGHT, DARK, share));
                c.g.fillRect(x, y, CELL, CELL);
                c.g.setFont(countFont);
                c.g.setColor(share > 0.5 ? Color.WHITE : Canvas.TEXT);
                c.drawCentred(Integer.toString(counts[t][p]), x + CELL / 2.0,
                        y + CELL / 2.0 + c.g.getFontMetrics().getAscent() / 2.0 - 2);
            }
        }
        c.g.setColor(Canvas.AXIS);
        c.g.drawRect(left, top, grid, grid);

        c.g.setFont(labelFont);
        c.g.setColor(Canvas.TEXT);
        int ascent = c.g.getFontMetrics().getAscent();
        AffineTransform plain = c.g.getTransform();
        for (int i = 0; i < n; i++) {
            c.drawRightAligned(classLabels.get(i), left - 8, top + i * CELL + CELL / 2.0 + ascent / 2.0 - 2);
            if (upright) {
                c.g.rotate(-Math.PI / 2);
                c.drawRightAligned(classLabels.get(i), -(top + grid + 8), left + i * CELL + CELL / 2.0 + ascent / 2.0 - 2);
                c.g.setTransform(plain);
            } else {
                c.drawCentred(classLabels.get(i), left + i * CELL + CELL / 2.0, top + grid + 8 + ascent);
            }
        }
        c.g.setFont(axisFont);
        c.drawCentred("predicted", left + grid / 2.0, top + grid + 8 + columnLabels + 8 + 14);
        c.g.rotate(-Math.PI / 2);
        c.drawCentred("true", -(top + grid / 2.0), 16 + 14);
        c.g.setTransform(plain);
        return c.png();
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
