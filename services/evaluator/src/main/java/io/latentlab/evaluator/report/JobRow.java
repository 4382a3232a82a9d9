package io.latentlab.evaluator.report;

import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.Environment;
import io.latentlab.proto.JobTiming;

import java.util.Base64;
import java.util.BitSet;
import java.util.List;

/**
 * One classifier job's scores as the evaluator files them under runs/&lt;runId&gt;/rows/ (one seed of one
 * configuration). The report folds a configuration's seeds into one {@link ReportRow}; the paired tests
 * need which test images each job got right, kept here as a bit set ({@code testCorrect}: Base64 of
 * {@link BitSet#toByteArray()}, bit i = test image i classified right).
 */
public record JobRow(
        String jobId,
        String reducer,
        int k,
        String arch,
        Double noise,
        int repeat,
        long seed,
        double valAccuracy,
        double testAccuracy,
        int testImages,
        String testCorrect,
        ReportRow.Recon reconMse,
        Double explainedVariance,
        int epochs,
        int bestEpoch,
        double trainSeconds,
        double reducerSeconds,
        int[][] confusionVal,
        int[][] confusionTest,
        double[] trainLoss,
        double[] valLoss,
        List<PictureRef> pictures,
        String cachedFrom,
        Artifacts artifacts,
        EnvironmentInfo classifierEnvironment,
        EnvironmentInfo reducerEnvironment,
        Span classifierSpan,
        Span reducerSpan) {

    /** When a job held its training slot (null: no timing, or reused from another run's cache). */
    public record Span(String jobId, long startMs, long endMs, String worker) {

        public static Span of(String jobId, JobTiming timing) {
            return timing == null || timing.getStartedMs() == 0 ? null
                    : new Span(jobId, timing.getStartedMs(), timing.getFinishedMs(), timing.getWorker());
        }
    }

    /**
     * The job's stored outputs: its model and predictions, and the model of the reducer whose codes it classifies
     * (the model server loads both; null where a job stored none: raw pixels have no reducer model).
     */
    public record Artifacts(Link model, Link valPredictions, Link testPredictions, Link testProbabilities,
                            Link reducerModel) {
    }

    /** An object in the store. */
    public record Link(String key, String sha256, long size) {

        public static Link of(ArtifactRef ref) {
            return ref == null || ref.getKey().isEmpty() ? null : new Link(ref.getKey(), ref.getSha256(), ref.getSize());
        }
    }

    /** Where a training ran (the proto's {@code Environment}). */
    public record EnvironmentInfo(String codeVersion, String jvm, String dl4j, String nd4j, String blas, String cpuModel,
                                  int threadsPerTraining, int availableProcessors, String os, int workers) {

        public static EnvironmentInfo of(Environment environment) {
            return environment == null || environment.equals(Environment.getDefaultInstance()) ? null
                    : new EnvironmentInfo(environment.getCodeVersion(), environment.getJvm(), environment.getDl4J(),
                    environment.getNd4J(), environment.getBlas(), environment.getCpuModel(),
                    environment.getThreadsPerTraining(), environment.getAvailableProcessors(), environment.getOs(),
                    environment.getWorkers());
        }
    }

    public static String encode(BitSet correct) {
        return Base64.getEncoder().encodeToString(correct.toByteArray());
    }

    /** Which test images this job classified right. */
    public BitSet correctTestImages() {
        return testCorrect == null ? null : BitSet.valueOf(Base64.getDecoder().decode(testCorrect));
    }

    /** reducer|noise|k|arch: the configuration this job is one seed of. */
    public String configuration() {
        return ReportBuilder.configuration(reducer, noise, k, arch);
    }
}
