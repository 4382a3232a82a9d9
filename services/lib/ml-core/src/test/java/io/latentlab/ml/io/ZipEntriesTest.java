package io.latentlab.ml.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ZipEntriesTest {

    @Test
    void roundTripsEntriesInOrder() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("b.txt", "bee".getBytes(StandardCharsets.US_ASCII));
        entries.put("a.bin", new byte[] {1, 2, 3});

        Map<String, byte[]> back = ZipEntries.read(ZipEntries.write(entries));

        assertThat(back.keySet()).containsExactly("b.txt", "a.bin");
        assertThat(back.get("a.bin")).containsExactly(1, 2, 3);
    }

    /** A deflated entry of 300 MiB of zeros, about 300 KB on the wire: refused once 256 MiB are read. */
    @Test
    void refusesAZipBombAtTheLimit() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros"));
            byte[] mib = new byte[1024 * 1024];
            for (int i = 0; i < 300; i++) {
                zip.write(mib);
            }
            zip.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(1024 * 1024);

        assertThatThrownBy(() -> ZipEntries.read(bytes.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zip archive inflates past 268435456 bytes, the limit, in entry 'zeros'");
    }

    @Test
    void refusesMoreEntriesThanTheLimit() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i <= ZipEntries.MAX_ENTRIES; i++) {
                zip.putNextEntry(new ZipEntry("e" + i));
                zip.closeEntry();
            }
        }

        assertThatThrownBy(() -> ZipEntries.read(bytes.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zip archive has more than 256 entries, the limit");
    }

    @Test
    void refusesAnEntryThatDoesNotInflate() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("e"));
            zip.write("hello hello hello".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        byte[] broken = bytes.toByteArray();
        broken[30 + 1] = (byte) 0xFF; // the deflate stream's first block, after the 30-byte header and the name: type 3, invalid

        assertThatThrownBy(() -> ZipEntries.read(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a readable zip archive");
    }
}
