package io.latentlab.runtime.jobs;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.latentlab.proto.JobTiming;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One job as {@link JobRunner} sees it.
 *
 * @param prefix    the job's deterministic output prefix: its result, checkpoint and lease live there
 * @param parser    reads the stored result
 * @param trainedBy the run that trained a stored result (to tell a cached result from this run's own)
 * @param rebind    adapts a stored result to the job at hand (a cached result names the run that made it)
 * @param priority  who gets the next free training slot: the highest ({@code ExpectedCost} of the chain it is on)
 * @param timed     records in the result when the job held its slot (the run timeline)
 */
public record JobSpec<T extends Message>(String runId, String jobId, String prefix, Parser<T> parser,
                                         Function<T, String> trainedBy, UnaryOperator<T> rebind,
                                         double priority, BiFunction<T, JobTiming, T> timed) {

    /** A job others wait on (a noise copy, a report): first to a free slot, its result not timed. */
    public JobSpec(String runId, String jobId, String prefix, Parser<T> parser, Function<T, String> trainedBy,
                   UnaryOperator<T> rebind) {
        this(runId, jobId, prefix, parser, trainedBy, rebind, Double.MAX_VALUE, (result, timing) -> result);
    }
}
