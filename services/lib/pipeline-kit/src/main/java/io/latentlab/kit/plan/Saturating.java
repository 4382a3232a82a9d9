package io.latentlab.kit.plan;

/**
 * Arithmetic on sizes a request asks for, in {@code long} and stopping at {@link Long#MAX_VALUE} instead of
 * wrapping: a product of hostile counts stays "too large" and can be compared with a limit.
 */
public final class Saturating {

    private Saturating() {
    }

    /** a x b for a, b >= 0 (negative inputs count as 0: a size below zero asks for no work). */
    public static long multiply(long a, long b) {
        if (a <= 0 || b <= 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** a + b for a, b >= 0 (negative inputs count as 0). */
    public static long add(long a, long b) {
        long x = Math.max(0, a);
        long y = Math.max(0, b);
        return x > Long.MAX_VALUE - y ? Long.MAX_VALUE : x + y;
    }
}
