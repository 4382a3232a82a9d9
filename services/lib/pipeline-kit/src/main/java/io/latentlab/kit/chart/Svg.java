package io.latentlab.kit.chart;

import java.util.List;
import java.util.Locale;

/** A small SVG writer: every text is escaped, numbers are written with one decimal. */
public final class Svg {

    public static final String FONT = "system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif";
    public static final String AXIS = "#444";
    public static final String GRID = "#e3e3e3";

    private final StringBuilder out = new StringBuilder(8192);

    public Svg(int width, int height, String title) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\" font-family=\"").append(FONT)
                .append("\"><title>").append(esc(title)).append("</title>")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(n(width)).append('"');
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>");
        return this;
    }

    public Svg rect(double x, double y, double width, double height, String fill, String cssClass) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" fill=\"").append(fill).append('"');
        if (cssClass != null) {
            out.append(" class=\"").append(cssClass).append('"');
        }
        out.append("/>");
        return this;
    }

    /** A rectangle with an opacity and a tooltip (a timeline's job). */
    public Svg bar(double x, double y, double width, double height, String fill, double opacity, String tooltip) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" fill=\"").append(fill).append("\" fill-opacity=\"")
                .append(n(opacity)).append("\" stroke=\"").append(fill).append("\"><title>").append(esc(tooltip))
                .append("</title></rect>");
        return this;
    }

    public Svg circle(double cx, double cy, double r, String fill, String tooltip) {
        out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill).append('"');
        if (tooltip == null) {
            out.append("/>");
        } else {
            out.append("><title>").append(esc(tooltip)).append("</title></circle>");
        }
        return this;
    }

    public Svg polyline(List<double[]> points, String stroke, double width, String dash) {
        out.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(n(width))
                .append('"');
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append(" points=\"");
        for (double[] p : points) {
            out.append(n(p[0])).append(',').append(n(p[1])).append(' ');
        }
        out.append("\"/>");
        return this;
    }

    /** Text at (x, y); anchor "start", "middle" or "end"; {@code rotate} in degrees about (x, y), or 0. */
    public Svg text(double x, double y, String text, String anchor, int size, String fill, boolean bold, int rotate) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" font-size=\"").append(size).append("\" fill=\"").append(fill).append('"');
        if (bold) {
            out.append(" font-weight=\"600\"");
        }
        if (rotate != 0) {
            out.append(" transform=\"rotate(").append(rotate).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        out.append('>').append(esc(text)).append("</text>");
        return this;
    }

    public String done() {
        return out.append("</svg>").toString();
    }

    public static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
