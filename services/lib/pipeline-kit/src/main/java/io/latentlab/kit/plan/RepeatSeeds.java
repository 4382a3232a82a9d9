package io.latentlab.kit.plan;

import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * The seeds of a run's repeats. {@code "seeds": [...]} names them; otherwise {@code "repeats": N} gives the
 * run's seed followed by N - 1 seeds derived from it deterministically (SplitMix64 of the seed and the
 * repeat index, folded to a positive 31-bit number so that it prints the same in JSON, Java and JavaScript).
 * Repeat r's jobs have ids ending in {@link #jobSuffix(int) "-s(r+1)"}; the first repeat's ids are unchanged.
 */
public final class RepeatSeeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private RepeatSeeds() {
    }

    /** Every repeat's seed, the first one first. */
    public static List<Long> of(RunRequest request) {
        if (request.getSeedsCount() > 0) {
            return List.copyOf(request.getSeedsList());
        }
        int repeats = Math.max(1, request.getRepeats());
        List<Long> seeds = new ArrayList<>(repeats);
        seeds.add(request.getSeed());
        for (int index = 1; seeds.size() < repeats; index++) {
            long derived = derive(request.getSeed(), index);
            if (!seeds.contains(derived)) {
                seeds.add(derived);
            }
        }
        return List.copyOf(seeds);
    }

    /** How many times every configuration is trained. */
    public static int count(RunRequest request) {
        return request.getSeedsCount() > 0 ? request.getSeedsCount() : Math.max(1, request.getRepeats());
    }

    /** The seed of repeat {@code index} (≥ 1) when the request derives them from {@code seed}: 1 .. 2^31 - 1. */
    public static long derive(long seed, int index) {
        long z = seed + GOLDEN_GAMMA * index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        long folded = (z >>> 33) & Integer.MAX_VALUE;
        return folded == 0 ? 1 : folded;
    }

    /** The seed a reducer job trains with: its repeat's (jobs planned before repeats existed: the run's seed). */
    public static long seedOf(ReducerJob job) {
        return job.getSeed() != 0 ? job.getSeed() : job.getRequest().getSeed();
    }

    /** "" for the first repeat, "-s2", "-s3"... for the others. */
    public static String jobSuffix(int repeat) {
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat must be >= 0, got " + repeat);
        }
        return repeat == 0 ? "" : "-s" + (repeat + 1);
    }
}
