package io.latentlab.ml.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentlab.ml.data.FloatMatrix;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DigitPng#read} on any bytes. The property: 784 values in [0, 1], or an {@link InvalidPngException}
 * (anything else, an {@code Error} above all, fails), and never more than {@link #ALLOCATION_BOUND} bytes
 * allocated for one input, whatever its header or chunks declare (checked when the read loaded no class: loading and
 * instrumenting the JDK's PNG reader allocates over 100 MB once, while fuzzing). Time is bounded by Jazzer's per-input timeout
 * when fuzzing. Without JAZZER_FUZZ it runs the seeds in DigitPngFuzzTestInputs/read (valid 28×28 PNGs of each
 * colour type, interlaced, with text chunks; and broken ones: the 74-byte 40000×40000 PNG, truncated, bad CRC,
 * short data, a zlib bomb, not a PNG).
 */
class DigitPngFuzzTest {

    /** A 28×28 read allocates about 100 KB; the cap on a PNG's bytes (1 MiB) is copied at most a few times. */
    private static final long ALLOCATION_BOUND = 16 << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    @FuzzTest(maxDuration = "60s")
    void read(byte[] png) {
        long classesBefore = CLASSES.getTotalLoadedClassCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            FloatMatrix pixels = DigitPng.read(png);
            assertThat(pixels.rows()).isEqualTo(1);
            assertThat(pixels.cols()).isEqualTo(DigitPng.PIXELS);
            for (float v : pixels.data()) {
                assertThat(v).isBetween(0f, 1f);
            }
        } catch (InvalidPngException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (CLASSES.getTotalLoadedClassCount() == classesBefore) {
            assertThat(allocated).as("bytes allocated by one read").isLessThan(ALLOCATION_BOUND);
        }
    }
}
