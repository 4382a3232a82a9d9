package io.latentlab.runtime.jobs;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Makes jobs idempotent: a job's outputs live under a deterministic prefix and its result message is
 * written last, once, so a result that exists means the job is done (redelivery or a cache hit across runs).
 */
@ApplicationScoped
public class JobLedger {

    private static final String RESULT = "result.pb";

    private final ArtifactStore store;

    public JobLedger(ArtifactStore store) {
        this.store = store;
    }

    public <T extends Message> Optional<T> completed(String jobPrefix, Parser<T> parser) {
        return store.find(jobPrefix + RESULT).map(bytes -> EventCodec.decode(bytes, parser, jobPrefix + RESULT));
    }

    /**
     * Stores the job's result unless one is stored already: the first result wins (a conditional write), so an
     * instance that trained the job after losing its lease cannot replace the newer holder's result.
     *
     * @return the stored result: {@code result}, or the one that was there first
     */
    public <T extends Message> T complete(String jobPrefix, T result, Parser<T> parser) {
        if (store.putIfAbsent(jobPrefix + RESULT, result.toByteArray()).isPresent()) {
            return result;
        }
        return completed(jobPrefix, parser).orElse(result);
    }
}
