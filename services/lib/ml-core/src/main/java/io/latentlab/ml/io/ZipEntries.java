package io.latentlab.ml.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * In-memory zip of named byte arrays, with fixed timestamps so equal content gives equal bytes. Entries are
 * stored, not deflated: what goes in is model weights and matrices of floats, which deflate barely
 * shrinks at a cost of about 30 MB/s.
 *
 * <p>Reading inflates at most {@link #MAX_BYTES} and {@link #MAX_ENTRIES} entries, counted while it
 * reads: a zip bomb (a few KB that deflate a GB of zeros) is refused with an
 * {@link IllegalArgumentException} naming the limit, not inflated into the heap.
 */
public final class ZipEntries {

    /**
     * 256 MiB uncompressed per archive: the study's largest models (an AE-3 at k=256 with its Adam
     * state, ≈ 13 MB; a PCA basis of 784x784 floats, 2.4 MB) fit twenty times over, and a model server
     * or trainer can hold it.
     */
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    /** Archives hold a handful of entries (model, metadata, loss curves, attachments). */
    public static final int MAX_ENTRIES = 256;

    private ZipEntries() {
    }

    public static byte[] write(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0L);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                entry.setCompressedSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Map<String, byte[]> read(byte[] zipBytes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        String refusal = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (entries.size() == MAX_ENTRIES) {
                    refusal = "zip archive has more than " + MAX_ENTRIES + " entries, the limit";
                    break;
                }
                byte[] content = readAtMost(zip, MAX_BYTES - total);
                if (content == null) { // stop here: moving to the next entry would inflate the rest of this one
                    refusal = "zip archive inflates past " + MAX_BYTES + " bytes, the limit, in entry '" + e.getName() + "'";
                    break;
                }
                total += content.length;
                entries.put(e.getName(), content);
            }
        } catch (IOException | RuntimeException e) { // ZipInputStream throws IllegalArgumentException on bad names
            throw new IllegalArgumentException("not a readable zip archive: " + e.getMessage(), e);
        }
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        return entries;
    }

    /** The entry's bytes, read in chunks so that no more than {@code budget} bytes are held; null past it. */
    private static byte[] readAtMost(ZipInputStream zip, long budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (int n = zip.read(chunk); n >= 0; n = zip.read(chunk)) {
            if (out.size() + (long) n > budget) {
                return null;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    public static byte[] require(Map<String, byte[]> entries, String name, String what) {
        byte[] b = entries.get(name);
        if (b == null) {
            throw new IllegalArgumentException(what + ": archive has no entry '" + name + "' (has " + entries.keySet() + ")");
        }
        return b;
    }
}
