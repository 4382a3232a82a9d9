package io.latentlab.runtime.jobs;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One job as {@link JobRunner} sees it.
 *
 * @param prefix    the job's deterministic output prefix: its result, checkpoint and lease live there
 * @param parser    reads the stored result
 * @param trainedBy the run that trained a stored result (to tell a cached result from this run's own)
 * @param rebind    adapts a stored result to the job at hand (a cached result names the run that made it)
 */
public record JobSpec<T extends Message>(String runId, String jobId, String prefix, Parser<T> parser,
                                         Function<T, String> trainedBy, UnaryOperator<T> rebind) {
}
