package io.latentlab.ml.data;

import java.util.regex.Pattern;

/**
 * One IDX file of a dataset as its manifest names it: the file's name (under the dataset's prefix in the
 * object store; a name ending in {@code .gz} is gzipped), its sha256 and its size in bytes as stored.
 */
public record DatasetFile(String file, String sha256, long size) {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public DatasetFile {
        if (file == null || !FILE_NAME.matcher(file).matches()) {
            throw new IllegalArgumentException("file name must be 1-100 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, got '" + Text.abbreviate(file) + "'");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 of " + file + " must be 64 lower-case hex digits, got '"
                    + Text.abbreviate(sha256) + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size of " + file + " must not be negative, got " + size);
        }
    }

    public boolean gzipped() {
        return file.endsWith(".gz");
    }

    /** Throws {@link ChecksumMismatchException} (naming {@code dataset/file}) unless the bytes are this file. */
    public void verify(String dataset, byte[] bytes) {
        if (bytes.length != size) {
            throw new ChecksumMismatchException(dataset + "/" + file, sha256 + " (" + size + " bytes)",
                    Checksums.sha256Hex(bytes) + " (" + bytes.length + " bytes)");
        }
        Checksums.verify(bytes, sha256, dataset + "/" + file);
    }
}
