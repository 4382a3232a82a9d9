package io.latentlab.launcher.bench;

import io.latentlab.kit.chart.TimelineChart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The figures of a study bench, from a finished run and the per-epoch costs measured alone on one core.
 * Pipeline efficiency = (sum over the run's network trainings of epochs x that network's per-epoch cost)
 * / (wall time x cores): 1.0 is every core training at bench speed from the request to the report.
 *
 * @param concurrency seconds during which exactly i slot jobs (trainings and noise copies) ran, i = 0, 1, ...
 * @param makespans   predicted makespan by number of training slots (ClusterSimulation)
 * @param planOrderMakespan the same jobs on the run's cores in the plan's order without priorities (what
 *                          longest-chain-first buys: compare with {@code makespans} at that many slots)
 */
public record StudyFigures(String runId, int cores, double wallSeconds, double acceptedToReportSeconds,
                           Map<String, Double> secondsPerStage, Map<String, Integer> jobsPerStage,
                           Map<String, Double> secondsPerFamily, double[] concurrency, double meanConcurrency,
                           String longestChain, double longestChainSeconds, double usefulSeconds, int trainings,
                           double efficiency, Map<Integer, Double> makespans, double simulatedChainSeconds,
                           double prioritizedMakespan, double planOrderMakespan) {

    public static final List<Integer> CLUSTER_SLOTS = List.of(2, 4, 8, 16, 32);

    public static StudyFigures of(RunHistory run, StudyJobs jobs, Map<String, Double> epochCost, int cores) {
        double wall = (run.completedMs() - run.requestedMs()) / 1000.0;
        Map<String, Double> perStage = new TreeMap<>();
        Map<String, Integer> countPerStage = new TreeMap<>();
        Map<String, Double> perFamily = new TreeMap<>();
        for (JobSpan job : run.jobs()) {
            perStage.merge(job.stage(), job.seconds(), Double::sum);
            countPerStage.merge(job.stage(), 1, Integer::sum);
            if (job.usesSlot()) {
                perFamily.merge(TimelineChart.family(job.jobId()), job.seconds(), Double::sum);
            }
        }
        double useful = usefulSeconds(run, jobs, epochCost);
        int trainings = (int) pricedTrainings(run, jobs).count();
        double[] levels = concurrency(run);
        double mean = 0;
        for (int i = 0; i < levels.length; i++) {
            mean += i * levels[i];
        }
        mean /= Math.max(1e-9, wall);
        List<ClusterSimulation.Job> simulated = simulationJobs(run, jobs);
        Map<Integer, Double> makespans = new LinkedHashMap<>();
        for (int slots : CLUSTER_SLOTS) {
            makespans.put(slots, ClusterSimulation.makespan(simulated, slots));
        }
        Chain chain = longestChain(run, jobs);
        double prioritized = ClusterSimulation.makespan(simulated, cores);
        double planOrder = ClusterSimulation.makespan(planOrder(run, jobs, simulated), cores);
        return new StudyFigures(run.runId(), cores, wall, (run.completedMs() - run.acceptedMs()) / 1000.0, perStage,
                countPerStage, perFamily, levels, mean, chain.description(), chain.seconds(), useful, trainings,
                useful / (wall * cores), makespans, ClusterSimulation.longestChain(simulated), prioritized, planOrder);
    }

    /** Sum over the run's network trainings of epochs x that network's per-epoch cost in {@code epochCost}. */
    static double usefulSeconds(RunHistory run, StudyJobs jobs, Map<String, Double> epochCost) {
        return pricedTrainings(run, jobs).mapToDouble(job -> {
            String shape = jobs.shapeOf(job).orElseThrow();
            Double cost = epochCost.get(shape);
            if (cost == null) {
                throw new IllegalStateException("no calibration for " + shape + " (job " + job.jobId() + ")");
            }
            return job.epochs() * cost;
        }).sum();
    }

    /** The run's trainings of a network that has a calibrated shape and trained at least one epoch. */
    private static Stream<JobSpan> pricedTrainings(RunHistory run, StudyJobs jobs) {
        return run.jobs().stream().filter(job -> job.epochs() > 0 && jobs.shapeOf(job).isPresent());
    }

    /** The simulation's jobs without priorities, first come first served in the plan's order. */
    static List<ClusterSimulation.Job> planOrder(RunHistory run, StudyJobs jobs, List<ClusterSimulation.Job> simulated) {
        Map<String, Double> index = new java.util.HashMap<>();
        run.jobs().forEach(j -> index.put(j.jobId(), jobs.planIndexOf(j)));
        return simulated.stream()
                .sorted(Comparator.comparingDouble(j -> index.getOrDefault(j.id(), Double.MAX_VALUE)))
                .map(j -> new ClusterSimulation.Job(j.id(), j.seconds(), 0, j.after()))
                .toList();
    }

    /** Seconds at each number of slot jobs running at once, from the request to the report. */
    static double[] concurrency(RunHistory run) {
        List<long[]> events = new ArrayList<>(); // time, +1 / -1
        for (JobSpan job : run.jobs()) {
            // a job that ends in the millisecond it starts (the raw reducer's fit) runs at no level
            if (job.usesSlot() && job.endMs() > job.startMs()) {
                events.add(new long[] {job.startMs(), 1});
                events.add(new long[] {job.endMs(), -1});
            }
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        Map<Integer, Double> seconds = new TreeMap<>();
        long at = run.requestedMs();
        int running = 0;
        for (long[] e : events) {
            long t = Math.max(at, Math.min(e[0], run.completedMs()));
            seconds.merge(running, (t - at) / 1000.0, Double::sum);
            at = t;
            running += (int) e[1];
        }
        seconds.merge(running, Math.max(0, run.completedMs() - at) / 1000.0, Double::sum);
        int max = seconds.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        double[] levels = new double[max + 1];
        seconds.forEach((level, s) -> levels[level] += s);
        return levels;
    }

    /** The run's slot jobs; one whose predecessor did not run here (reused from the cache) is ready at once. */
    static List<ClusterSimulation.Job> simulationJobs(RunHistory run, StudyJobs jobs) {
        java.util.Set<String> ran = run.jobs().stream().filter(JobSpan::usesSlot).map(JobSpan::jobId)
                .collect(java.util.stream.Collectors.toSet());
        return run.jobs().stream().filter(JobSpan::usesSlot)
                .map(j -> {
                    String after = jobs.predecessorOf(j);
                    return new ClusterSimulation.Job(j.jobId(), j.seconds(), jobs.priorityOf(j), ran.contains(after) ? after : null);
                })
                .toList();
    }

    /** The reducer job with its dearest classifier whose sum is the longest: "ae3-k256 425.0 s → ae3-k256-A2 60.1 s". */
    private record Chain(String description, double seconds) {
    }

    private static Chain longestChain(RunHistory run, StudyJobs jobs) {
        Map<String, JobSpan> reducers = new LinkedHashMap<>();
        run.jobs().stream().filter(j -> j.stage().equals(JobSpan.REDUCERS)).forEach(j -> reducers.put(j.jobId(), j));
        String best = "none";
        double bestSeconds = 0;
        for (JobSpan classifier : run.jobs()) {
            if (!classifier.stage().equals(JobSpan.CLASSIFIERS)) {
                continue;
            }
            JobSpan reducer = jobs.reducerOf(classifier.jobId()).map(reducers::get).orElse(null);
            double seconds = (reducer == null ? 0 : reducer.seconds()) + classifier.seconds();
            if (seconds > bestSeconds) {
                bestSeconds = seconds;
                best = String.format(java.util.Locale.ROOT, "%s %.1f s -> %s %.1f s, ended %.0f s after the request",
                        reducer == null ? "?" : reducer.jobId(), reducer == null ? 0 : reducer.seconds(), classifier.jobId(),
                        classifier.seconds(), (classifier.endMs() - run.requestedMs()) / 1000.0);
            }
        }
        return new Chain(best, bestSeconds);
    }
}
