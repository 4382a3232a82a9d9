package io.latentlab.kit.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** RFC 4180 text: CRLF after every record, a field quoted when it holds a comma, a quote, CR or LF. */
public final class Csv {

    private static final MathContext DIGITS = new MathContext(10);

    private Csv() {
    }

    public static void record(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /**
     * A number the same in every locale (point as decimal separator, no grouping, no exponent), to 10 significant
     * digits; "" for none.
     */
    public static String number(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "";
        }
        return BigDecimal.valueOf(value).round(DIGITS).stripTrailingZeros().toPlainString();
    }
}
