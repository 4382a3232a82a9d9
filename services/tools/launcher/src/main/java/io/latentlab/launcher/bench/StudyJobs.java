package io.latentlab.launcher.bench;

import io.latentlab.kit.plan.ExpectedCost;
import io.latentlab.kit.plan.JobPlanner;
import io.latentlab.proto.Architecture;
import io.latentlab.proto.RunRequest;

import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Reads a study's job ids back into what they trained (JobPlanner's naming): reducer jobs "pca-k64",
 * "dae20-k256", "raw"; their classifiers "&lt;reducer job&gt;-&lt;architecture&gt;"; noise copies "noise-dae20";
 * a repeat's jobs end in "-s&lt;n&gt;" before the architecture.
 */
final class StudyJobs {

    private final RunRequest request;

    StudyJobs(RunRequest request) {
        this.request = request;
    }

    /** The reducer job a classifier job trains on. */
    Optional<String> reducerOf(String classifierJobId) {
        return request.getArchitecturesList().stream().map(Architecture::getName)
                .filter(a -> classifierJobId.endsWith("-" + a))
                .map(a -> classifierJobId.substring(0, classifierJobId.length() - a.length() - 1)).findFirst();
    }

    Optional<Architecture> architectureOf(String classifierJobId) {
        return request.getArchitecturesList().stream().filter(a -> classifierJobId.endsWith("-" + a.getName())).findFirst();
    }

    /** "ae3" of "ae3-k256-s2", "dae" of "dae20-k256". */
    static String kindOf(String reducerJobId) {
        return JobPlanner.kindOf(reducerJobId);
    }

    static int kOf(String reducerJobId) {
        String[] parts = reducerJobId.split("-");
        return parts.length > 1 && parts[1].startsWith("k") ? Integer.parseInt(parts[1].substring(1)) : JobPlanner.PIXELS;
    }

    /** The noise copy a denoising job needs: "noise-dae20-s2" for "dae20-k256-s2". */
    static String noiseJobOf(String reducerJobId) {
        String[] parts = reducerJobId.split("-");
        StringBuilder id = new StringBuilder("noise-").append(parts[0]);
        IntStream.range(2, parts.length).forEach(i -> id.append('-').append(parts[i]));
        return id.toString();
    }

    /** The network a training job trains, as EpochCostBench names it ("ae:784-256-784"), or empty (PCA, raw, noise). */
    Optional<String> shapeOf(JobSpan job) {
        if (job.stage().equals(JobSpan.CLASSIFIERS)) {
            Optional<String> reducer = reducerOf(job.jobId());
            Optional<Architecture> arch = architectureOf(job.jobId());
            if (reducer.isEmpty() || arch.isEmpty()) {
                return Optional.empty();
            }
            int inputs = ExpectedCost.codeWidth(kindOf(reducer.get()), kOf(reducer.get()));
            return Optional.of("mlp:" + join(ExpectedCost.classifierWidths(inputs, arch.get(), request.getDigitsCount())));
        }
        String kind = kindOf(job.jobId());
        if (!job.stage().equals(JobSpan.REDUCERS) || kind.equals("pca") || kind.equals("raw")) {
            return Optional.empty();
        }
        return Optional.of("ae:" + join(ExpectedCost.autoencoderWidths(kind, kOf(job.jobId()))));
    }

    /** The pipeline's priority of a job (ExpectedCost; a classifier inherits its reducer's, a noise copy goes first). */
    double priorityOf(JobSpan job) {
        return switch (job.stage()) {
            case JobSpan.NOISE -> Double.MAX_VALUE;
            case JobSpan.CLASSIFIERS -> reducerOf(job.jobId()).map(r -> ExpectedCost.chain(request, kindOf(r), kOf(r))).orElse(0.0);
            default -> ExpectedCost.chain(request, kindOf(job.jobId()), kOf(job.jobId()));
        };
    }

    /**
     * Where a job stands in the plan without priorities: noise copies first, then the reducers in the request's
     * order of reducer kinds, k ascending; a classifier where its reducer stands (it is published once that is done).
     */
    double planIndexOf(JobSpan job) {
        if (job.stage().equals(JobSpan.NOISE)) {
            return -1;
        }
        String reducer = job.stage().equals(JobSpan.CLASSIFIERS) ? reducerOf(job.jobId()).orElse(job.jobId()) : job.jobId();
        String kind = kindOf(reducer);
        int kindIndex = IntStream.range(0, request.getReducersCount())
                .filter(i -> request.getReducers(i).getKind().equals(kind)).findFirst().orElse(request.getReducersCount());
        return kindIndex * 1_000_000.0 + kOf(reducer);
    }

    /** The job that must finish before this one may start, or null. */
    String predecessorOf(JobSpan job) {
        if (job.stage().equals(JobSpan.CLASSIFIERS)) {
            return reducerOf(job.jobId()).orElse(null);
        }
        return job.stage().equals(JobSpan.REDUCERS) && kindOf(job.jobId()).equals(JobPlanner.DENOISING)
                ? noiseJobOf(job.jobId()) : null;
    }

    long trainRows() {
        return (long) request.getSplit().getTrainPerDigit() * request.getDigitsCount();
    }

    long valRows() {
        return (long) request.getSplit().getValPerDigit() * request.getDigitsCount();
    }

    private static String join(int[] widths) {
        return String.join("-", IntStream.of(widths).mapToObj(Integer::toString).toList());
    }
}
