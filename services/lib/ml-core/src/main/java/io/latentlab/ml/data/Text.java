package io.latentlab.ml.data;

/** Short renderings of outside values in refusals, so a megabyte of junk does not become a megabyte of message. */
final class Text {
    private Text() {
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
