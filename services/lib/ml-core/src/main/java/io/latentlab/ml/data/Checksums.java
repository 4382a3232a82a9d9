package io.latentlab.ml.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

public final class Checksums {
    private Checksums() {
    }

    /** Lower-case hex sha256. */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Throws {@link ChecksumMismatchException} unless data hashes to expectedSha256 (case-insensitive). */
    public static void verify(byte[] data, String expectedSha256, String name) {
        String actual = sha256Hex(data);
        if (!actual.equals(expectedSha256.toLowerCase(Locale.ROOT))) {
            throw new ChecksumMismatchException(name, expectedSha256, actual);
        }
    }
}
