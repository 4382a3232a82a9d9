package io.latentlab.ml.data;

/** A file's sha256 is not the one expected. */
public class ChecksumMismatchException extends RuntimeException {
    private final String name;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String name, String expected, String actual) {
        super("sha256 mismatch for " + name + ": expected " + expected + ", actual " + actual);
        this.name = name;
        this.expected = expected;
        this.actual = actual;
    }

    public String name() {
        return name;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
