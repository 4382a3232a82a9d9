package io.latentlab.ml.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One native thread per ND4J operation in this process, so that a service running two trainings at
 * once uses two cores, not four busy-waiting OpenMP threads.
 *
 * <p>What M2.1 offers, measured with 200 {@code fit()} batches of AE-256 on the 2-core machine
 * (under load from other processes, so only the ratios matter):
 * <ul>
 *   <li>default (2 OpenMP threads): 47–55 s; env {@code OMP_NUM_THREADS=1} before the JVM starts:
 *       4.5–5 s (the most reliable switch: set it in launch scripts and containers too);</li>
 *   <li>{@code Nd4j.getEnvironment().setMaxThreads(1)} + {@code setMaxMasterThreads(1)} alone:
 *       15–18 s, libnd4j's own loops still use OpenMP's default team;</li>
 *   <li>OpenBLAS's count alone ({@code Nd4j.factory().blas().setMaxThreads(1)}, which calls
 *       {@code openblas_nolapack.blas_set_num_threads}; M2.1's bytedeco preset names it so,
 *       there is no {@code openblas_set_num_threads}): no gain;</li>
 *   <li>{@code NativeOps.setOmpNumThreads(1)} (omp_set_num_threads) is the one that matters: alone
 *       1.8–6.6 s, with the three above 3.2–4.5 s, as good as the env variable (CPU/wall ≤ 1, one
 *       core). {@link #pinToOne()} does all four; it must run after ND4J's
 *       backend is loaded (NativeOpsHolder before that fails with "ND4J is probably missing
 *       dependencies"), which it ensures. There is no {@code Nd4j.setNumThreads} in M2.1.</li>
 * </ul>
 * omp_set_num_threads is per calling thread in OpenMP: call it on every thread that trains (cheap).
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    public static void pinToOne() {
        Nd4j.getBackend(); // loads the native backend first
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    /** The current limits, for logs. */
    public static String describe() {
        return "OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
                + ", omp max " + NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()
                + ", env maxThreads " + Nd4j.getEnvironment().maxThreads()
                + ", maxMasterThreads " + Nd4j.getEnvironment().maxMasterThreads()
                + ", blas " + Nd4j.factory().blas().getMaxThreads();
    }
}
