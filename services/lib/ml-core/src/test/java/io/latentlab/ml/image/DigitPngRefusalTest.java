package io.latentlab.ml.image;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link DigitPng#read} refuses before decoding, each with its reason, and what reading costs whatever the
 * bytes declare (measured as this thread's allocated bytes).
 */
class DigitPngRefusalTest {

    /** Far more than a 28×28 read takes (about 100 KB with the JDK's reader), far less than any bomb here. */
    private static final long READ_ALLOCATION_BOUND = 4 << 20;

    @BeforeAll
    static void warmUp() {
        DigitPng.read(PngBytes.grey(0).end().bytes()); // the JDK's reader registry and classes, once
    }

    @Test
    void the74BytePngDeclaring40000x40000GreyPixelsIsRefusedFromItsHeader() {
        byte[] png = PngBytes.header(40_000, 40_000, 8, 0, 0).chunk("IDAT", new byte[17]).end().bytes();
        assertThat(png).hasSize(74);
        assertThatThrownBy(() -> DigitPng.read(png)).isInstanceOf(InvalidPngException.class)
                .hasMessage("the image is 40000x40000 pixels; the dataset's images are 28x28");
    }

    @Test
    void aSizeBeyondIntIsReadAsUnsignedAndRefused() {
        byte[] png = PngBytes.header(0xFFFF_FFFFL, 28, 8, 0, 0).chunk("IDAT", new byte[3]).end().bytes();
        assertThatThrownBy(() -> DigitPng.read(png)).hasMessage(
                "the image is 4294967295x28 pixels; the dataset's images are 28x28");
    }

    @Test
    void aZlibBombInTheImageDataInflatesNoFurtherThanTheHeaderNeeds() {
        byte[] bomb = PngBytes.deflate(new byte[1 << 20], 48); // 48 MB of zeros in about 48 KB
        byte[] png = PngBytes.header(28, 28, 8, 0, 0).chunk("IDAT", bomb).end().bytes();
        assertThat(png.length).isLessThan(PngCheck.MAX_IDAT_BYTES);
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> DigitPng.read(png))
                .hasMessage("the image data inflates to more than the 812 bytes a 28x28 image of colour type 0 at "
                        + "8 bits needs"));
        assertThat(allocated).isLessThan(READ_ALLOCATION_BOUND);
    }

    @Test
    void moreCompressedImageDataThanTheCapIsRefusedBeforeInflating() {
        PngBytes png = PngBytes.header(28, 28, 8, 0, 0);
        for (int i = 0; i < 3; i++) {
            png.chunk("IDAT", new byte[30_000]);
        }
        assertThatThrownBy(() -> DigitPng.read(png.end().bytes()))
                .hasMessage("the image data is more than 65536 compressed bytes; a 28x28 image needs far less");
    }

    @Test
    void hugeCompressedAncillaryChunksAreSkippedUnread() {
        byte[] text = concat("Comment\0\0".getBytes(), PngBytes.deflate(new byte[1 << 20], 64)); // zTXt: 64 MB
        byte[] profile = concat("icc\0\0".getBytes(), PngBytes.deflate(new byte[1 << 20], 64));  // iCCP: 64 MB
        byte[] png = PngBytes.header(28, 28, 8, 0, 0).chunk("iCCP", profile).chunk("zTXt", text)
                .raw(Arrays.copyOfRange(PngBytes.grey(200).bytes(), 33, PngBytes.grey(200).bytes().length))
                .end().bytes();
        float[][] read = new float[1][];
        long allocated = allocatedBy(() -> read[0] = DigitPng.read(png).data());
        assertThat(read[0]).containsOnly(200 / 255f);
        assertThat(allocated).isLessThan(READ_ALLOCATION_BOUND);
    }

    @Test
    void aTruncatedPngNamesTheChunkAndTheMissingBytes() {
        byte[] whole = PngBytes.grey(9).end().bytes();
        assertThatThrownBy(() -> DigitPng.read(Arrays.copyOf(whole, 60)))
                .hasMessageMatching("chunk IDAT declares \\d+ bytes, but only 15 follow it");
        assertThatThrownBy(() -> DigitPng.read(Arrays.copyOf(whole, whole.length - 12)))
                .hasMessage("the PNG is truncated: no IEND chunk (0 bytes left where a chunk needs at least 12)");
        assertThatThrownBy(() -> DigitPng.read(Arrays.copyOf(whole, 8)))
                .hasMessage("the PNG is truncated: no IHDR chunk (0 bytes left where a chunk needs at least 12)");
    }

    @Test
    void aLengthBeyondTheBytesPresentIsRefusedBeforeAllocating() {
        byte[] png = PngBytes.signature().raw(new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})
                .raw("IHDR".getBytes()).raw(new byte[20]).bytes();
        assertThatThrownBy(() -> DigitPng.read(png)).hasMessage("chunk IHDR declares 2147483647 bytes, but only 16 follow it");
    }

    @Test
    void imageDataThatInflatesShortIsTruncated() {
        byte[] png = PngBytes.header(28, 28, 8, 0, 0).chunk("IDAT", PngBytes.deflate(new byte[100])).end().bytes();
        assertThatThrownBy(() -> DigitPng.read(png)).hasMessage("the image data is truncated: it inflates to 100 "
                + "bytes; a 28x28 image of colour type 0 at 8 bits needs 812");
        byte[] notZlib = PngBytes.header(28, 28, 8, 0, 0).chunk("IDAT", new byte[40]).end().bytes();
        assertThatThrownBy(() -> DigitPng.read(notZlib)).hasMessageStartingWith("the image data is not valid zlib data");
    }

    @Test
    void tooManyChunksAreRefused() {
        PngBytes png = PngBytes.header(28, 28, 8, 0, 0);
        for (int i = 0; i < PngCheck.MAX_CHUNKS; i++) {
            png.chunk("tEXt", "a\0b".getBytes());
        }
        assertThatThrownBy(() -> DigitPng.read(png.end().bytes())).hasMessage("the PNG has more than 100 chunks");
    }

    @Test
    void aBiggerPngThanTheReadLimitIsRefusedUnparsed() {
        byte[] png = Arrays.copyOf(PngBytes.grey(0).end().bytes(), PngCheck.MAX_BYTES + 1);
        assertThatThrownBy(() -> DigitPng.read(png)).hasMessage("the PNG is 1048577 bytes; at most 1048576 are read");
    }

    @Test
    void headerFieldsOutsidePngAreRefusedByName() {
        assertThatThrownBy(() -> DigitPng.read(PngBytes.header(28, 28, 8, 5, 0).end().bytes()))
                .hasMessageStartingWith("colour type 5 is not a PNG colour type");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.header(28, 28, 4, 2, 0).end().bytes()))
                .hasMessage("bit depth 4 is not valid for colour type 2 (valid: 8 16)");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.header(28, 28, 8, 0, 2).end().bytes()))
                .hasMessage("interlace method 2: PNG knows only 0 (none) and 1 (Adam7)");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.signature().chunk("IHDR", new byte[12]).end().bytes()))
                .hasMessage("the IHDR chunk is 12 bytes, not 13");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.signature().chunk("tEXt", new byte[2]).end().bytes()))
                .hasMessage("the first chunk must be IHDR, got tEXt");
    }

    @Test
    void corruptAndUnknownCriticalChunksAreRefused() {
        byte[] png = PngBytes.grey(1).end().bytes();
        png[45] ^= 1; // inside the IDAT's data (which starts at 8 + 25 + 8)
        assertThatThrownBy(() -> DigitPng.read(png)).hasMessage("chunk IDAT fails its CRC check (corrupt bytes)");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.grey(1).chunk("QUUX", new byte[1]).end().bytes()))
                .hasMessage("unknown critical chunk QUUX");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.grey(1).raw(new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0})
                .bytes())).hasMessage("a chunk type must be 4 ASCII letters, got bytes 01020304");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.header(28, 28, 8, 3, 0).chunk("IDAT", new byte[2]).end()
                .bytes())).hasMessage("a palette PNG needs a PLTE chunk");
        assertThatThrownBy(() -> DigitPng.read(PngBytes.header(28, 28, 8, 0, 0).end().bytes()))
                .hasMessage("the PNG has no image data (IDAT chunk)");
    }

    @Test
    void aRowWithAnUnknownFilterTypeIsRefused() {
        byte[] rows = new byte[28 * 29];
        rows[29 * 3] = 7;
        byte[] png = PngBytes.header(28, 28, 8, 0, 0).chunk("IDAT", PngBytes.deflate(rows)).end().bytes();
        assertThatThrownBy(() -> DigitPng.read(png)).hasMessage("row 3 has filter type 7; PNG knows 0 to 4");
    }

    private static long allocatedBy(Runnable read) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        read.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
