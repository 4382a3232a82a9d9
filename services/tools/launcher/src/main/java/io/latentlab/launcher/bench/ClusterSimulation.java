package io.latentlab.launcher.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Replays a run's jobs on n training slots with the pipeline's scheduling rule: a free slot takes the
 * ready job of the highest priority (ties: the one ready first); a job is ready when the job it needs
 * has finished (a classifier its reducer, a denoising reducer its noise copy). Durations are the
 * measured ones, so the makespan is what the same jobs would take on a cluster of n slots.
 */
public final class ClusterSimulation {

    /** @param after the job this one needs, or null */
    public record Job(String id, double seconds, double priority, String after) {
    }

    private record Ready(Job job, long order) {
    }

    private ClusterSimulation() {
    }

    public static double makespan(List<Job> jobs, int slots) {
        Map<String, List<Job>> waiting = new HashMap<>();
        PriorityQueue<Ready> ready = new PriorityQueue<>(Comparator.comparingDouble((Ready r) -> -r.job().priority())
                .thenComparingLong(Ready::order));
        long order = 0;
        for (Job job : jobs) {
            if (job.after() == null) {
                ready.add(new Ready(job, order++));
            } else {
                waiting.computeIfAbsent(job.after(), k -> new ArrayList<>()).add(job);
            }
        }
        PriorityQueue<double[]> running = new PriorityQueue<>(Comparator.comparingDouble(e -> e[0])); // end, index
        List<Job> started = new ArrayList<>();
        double now = 0;
        double end = 0;
        while (!ready.isEmpty() || !running.isEmpty()) {
            while (running.size() < slots && !ready.isEmpty()) {
                Job job = ready.poll().job();
                started.add(job);
                running.add(new double[] {now + job.seconds(), started.size() - 1});
            }
            double[] next = running.poll();
            now = next[0];
            end = Math.max(end, now);
            for (Job dependent : waiting.getOrDefault(started.get((int) next[1]).id(), List.of())) {
                ready.add(new Ready(dependent, order++));
            }
        }
        return end;
    }

    /** The longest chain of jobs that need each other: no number of slots makes the run shorter. */
    public static double longestChain(List<Job> jobs) {
        Map<String, Job> byId = new HashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        double longest = 0;
        for (Job job : jobs) {
            double chain = 0;
            for (Job j = job; j != null; j = j.after() == null ? null : byId.get(j.after())) {
                chain += j.seconds();
            }
            longest = Math.max(longest, chain);
        }
        return longest;
    }
}
